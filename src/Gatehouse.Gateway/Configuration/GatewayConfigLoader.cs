using System.Collections;
using Microsoft.Extensions.Configuration;

namespace Gatehouse.Gateway.Configuration;

/// <summary>
/// Loads <c>gatehouse.yaml</c>, lays <c>GATEHOUSE__SECTION__KEY</c> environment variables over it and validates the
/// result. All problems are reported together in one <see cref="ConfigException"/>.
/// </summary>
public static class GatewayConfigLoader
{
    /// <summary>Environment variables with this prefix override YAML keys; <c>__</c> separates path segments.</summary>
    public const string EnvironmentPrefix = "GATEHOUSE__";

    /// <summary>The file name looked for in the working directory when no <c>--config</c> is given.</summary>
    public const string DefaultFileName = "gatehouse.yaml";

    private static readonly string[] Sections = ["server", "data", "models", "auth", "policy", "limits", "detection"];

    /// <summary>
    /// Loads the configuration from <paramref name="path"/> (null: embedded defaults plus environment overrides).
    /// <paramref name="environment"/> defaults to the process environment; tests pass their own.
    /// Relative paths inside the file are resolved against the file's directory.
    /// </summary>
    public static GatewayConfig Load(string? path, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var fileName = path is null ? "(defaults)" : Path.GetFileName(path);
        YamlFlattener.Result yaml = new(new(StringComparer.OrdinalIgnoreCase), new(StringComparer.OrdinalIgnoreCase));
        if (path is not null)
        {
            if (!File.Exists(path))
                throw new ConfigException([$"{path}: configuration file not found"]);
            yaml = YamlFlattener.Flatten(File.ReadAllText(path), fileName);
        }

        var overrides = EnvironmentOverrides(environment ?? ProcessEnvironment(), yaml.Lines.Keys);
        var root = new ConfigurationBuilder()
            .AddInMemoryCollection(yaml.Values)
            .AddInMemoryCollection(overrides)
            .Build();
        var baseDirectory = path is null ? Environment.CurrentDirectory : Path.GetDirectoryName(Path.GetFullPath(path))!;
        var reader = new ConfigReader(root, fileName, yaml.Lines, new HashSet<string>(overrides.Keys, StringComparer.OrdinalIgnoreCase));
        var config = Read(reader, baseDirectory, environment) with { SourceFile = path is null ? null : Path.GetFullPath(path) };
        config = config with { Detection = DetectionConfigReader.Read(reader, baseDirectory) };
        if (reader.Problems.Count > 0)
            throw new ConfigException(reader.Problems);
        return config;
    }

    /// <summary>
    /// Finds the configuration file to use: the explicit one, else <c>gatehouse.yaml</c> in <paramref name="workingDirectory"/>
    /// if present, else none (embedded defaults).
    /// </summary>
    public static string? Locate(string? explicitPath, string workingDirectory)
    {
        if (explicitPath is not null)
            return explicitPath;
        var candidate = Path.Combine(workingDirectory, DefaultFileName);
        return File.Exists(candidate) ? candidate : null;
    }

    private static GatewayConfig Read(ConfigReader reader, string baseDirectory, IReadOnlyDictionary<string, string?>? environment)
    {
        reader.RejectUnknown("", Sections);
        reader.RejectUnknown("server", "urls", "maxRequestBodyBytes");
        var server = new ServerConfig(
            reader.String("server:urls", ServerConfig.DefaultUrls)!,
            reader.Integer("server:maxRequestBodyBytes", ServerConfig.DefaultMaxRequestBodyBytes, 1024, 1L << 30));

        var data = reader.String("data");
        var models = ModelsReader.Read(reader, environment ?? ProcessEnvironment());

        reader.RejectUnknown("auth", "apiKeys", "oidc");
        var auth = new AuthConfig(reader.Boolean("auth:apiKeys", true), ReadOidc(reader, baseDirectory));
        if (!auth.ApiKeys && auth.Oidc is null)
            reader.Problem("auth", "both API keys and OIDC are off, so no caller could ever authenticate");

        reader.RejectUnknown("policy", "bundle");
        var bundle = reader.String("policy:bundle");
        reader.RejectUnknown("limits", "requestsPerMinute", "tokensPerMinute");
        var limits = new LimitsConfig(
            (int)reader.Integer("limits:requestsPerMinute", 0, 0, 1_000_000),
            (int)reader.Integer("limits:tokensPerMinute", 0, 0, 1_000_000_000));

        return new GatewayConfig(
            server,
            data is null ? null : Path.GetFullPath(data, baseDirectory),
            models,
            auth,
            new PolicyConfig(bundle is null ? null : Path.GetFullPath(bundle, baseDirectory)),
            limits,
            null);
    }

    private static OidcConfig? ReadOidc(ConfigReader reader, string baseDirectory)
    {
        const string oidc = "auth:oidc";
        if (!reader.Exists(oidc))
            return null;
        reader.RejectUnknown(oidc, "issuer", "audience", "jwksUrl", "jwksFile", "rolesClaim", "tenantClaim");
        var issuer = reader.RequiredString(oidc + ":issuer");
        var audience = reader.RequiredString(oidc + ":audience");
        var jwksUrl = reader.Url(oidc + ":jwksUrl", required: false);
        var jwksFile = reader.String(oidc + ":jwksFile");
        if ((jwksUrl is null) == (jwksFile is null))
            reader.Problem(oidc, "set exactly one of jwksUrl or jwksFile");
        if (jwksFile is not null)
        {
            jwksFile = Path.GetFullPath(jwksFile, baseDirectory);
            if (!File.Exists(jwksFile))
                reader.Problem(oidc + ":jwksFile", $"file not found: {jwksFile}");
        }
        return new OidcConfig(issuer, audience, jwksUrl, jwksFile,
            reader.String(oidc + ":rolesClaim", "roles")!, reader.String(oidc + ":tenantClaim", "tenant")!);
    }

    private static Dictionary<string, string?> EnvironmentOverrides(IReadOnlyDictionary<string, string?> environment, IEnumerable<string> yamlPaths)
    {
        // Keys match case-insensitively, but aliases keep the case written in the YAML (GATEHOUSE__MODELS__LLAMA__RETRIES
        // overrides models:llama:retries, not a new alias LLAMA).
        var spelled = yamlPaths.ToDictionary(p => p, p => p, StringComparer.OrdinalIgnoreCase);
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in environment)
        {
            if (!name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase) || name.Length == EnvironmentPrefix.Length)
                continue;
            var path = "";
            foreach (var segment in name[EnvironmentPrefix.Length..].Split("__"))
            {
                var candidate = path.Length == 0 ? segment : path + ":" + segment;
                path = spelled.GetValueOrDefault(candidate, candidate);
            }
            overrides[path] = value;
        }
        return overrides;
    }

    private static Dictionary<string, string?> ProcessEnvironment()
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
            result[(string)entry.Key] = entry.Value as string;
        return result;
    }
}
