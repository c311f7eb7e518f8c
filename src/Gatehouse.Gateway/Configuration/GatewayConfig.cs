namespace Gatehouse.Gateway.Configuration;

/// <summary>The whole of <c>gatehouse.yaml</c> after loading, environment overrides and validation.</summary>
/// <param name="Server">Listening addresses and request limits of the HTTP server.</param>
/// <param name="DataDirectory">Where the stores live (<c>identity.db</c> and others); null means "let the host decide".</param>
/// <param name="Models">Model aliases callers may name, with their upstreams. Empty means "only the built-in demo".</param>
/// <param name="Auth">Which credentials the gateway accepts.</param>
/// <param name="Policy">Where the policy bundle lives (used once the Rego decider lands).</param>
/// <param name="Limits">Per-principal rate limits.</param>
/// <param name="SourceFile">The YAML file the values came from, or null for embedded defaults.</param>
public sealed record GatewayConfig(
    ServerConfig Server,
    string? DataDirectory,
    IReadOnlyDictionary<string, ModelConfig> Models,
    AuthConfig Auth,
    PolicyConfig Policy,
    LimitsConfig Limits,
    string? SourceFile)
{
    /// <summary>The embedded defaults: loopback on port 8080, API keys on, no OIDC, only the demo model.</summary>
    public static GatewayConfig Default { get; } = new(
        new ServerConfig(ServerConfig.DefaultUrls, ServerConfig.DefaultMaxRequestBodyBytes),
        null,
        new Dictionary<string, ModelConfig>(StringComparer.Ordinal),
        new AuthConfig(true, null),
        new PolicyConfig(null),
        new LimitsConfig(0, 0),
        null);

    /// <summary>The <c>detection</c> section (personal data and secrets in requests and answers).</summary>
    public DetectionConfig Detection { get; init; } = DetectionConfig.Default;
}

/// <summary>The <c>server</c> section.</summary>
/// <param name="Urls">Kestrel listening addresses, separated by <c>;</c>.</param>
/// <param name="MaxRequestBodyBytes">Bodies over this size get 413.</param>
public sealed record ServerConfig(string Urls, long MaxRequestBodyBytes)
{
    /// <summary>Loopback only: exposing the gateway is a deliberate choice.</summary>
    public const string DefaultUrls = "http://127.0.0.1:8080";

    /// <summary>1 MiB.</summary>
    public const long DefaultMaxRequestBodyBytes = 1024 * 1024;
}

/// <summary>One entry of the <c>models</c> section: a model alias and how to reach it.</summary>
/// <param name="Alias">The name callers put in <c>model</c>.</param>
/// <param name="BaseUrl">OpenAI-compatible base URL, e.g. <c>http://127.0.0.1:11434/v1</c>.</param>
/// <param name="UpstreamModel">The model name the upstream expects.</param>
/// <param name="ApiKey">The upstream key, already resolved from <c>apiKey</c> or <c>apiKeyEnv</c>.</param>
/// <param name="ConnectTimeout">How long to wait for a TCP connection.</param>
/// <param name="ResponseTimeout">How long to wait for the upstream's response headers, and between stream reads.</param>
/// <param name="Retries">Extra attempts after a connect failure (never after the request may have reached the model).</param>
/// <param name="Fallbacks">Aliases tried in order when this one cannot be connected to.</param>
/// <param name="Labels">Free-form labels shown in <c>/v1/models</c>.</param>
/// <param name="Roles">Roles allowed to use the model under the config decider; <c>*</c> means every authenticated caller.</param>
public sealed record ModelConfig(
    string Alias,
    Uri BaseUrl,
    string UpstreamModel,
    string? ApiKey,
    TimeSpan ConnectTimeout,
    TimeSpan ResponseTimeout,
    int Retries,
    IReadOnlyList<string> Fallbacks,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<string> Roles)
{
    /// <summary>
    /// The registered model name this alias serves (<c>registry: support-slm</c>), or null when the alias is not bound
    /// to the model registry. A bound alias serves only an approved version whose weights still match.
    /// </summary>
    public string? Registry { get; init; }
}

/// <summary>The <c>auth</c> section.</summary>
/// <param name="ApiKeys">Whether <c>gh_…</c> API keys are accepted.</param>
/// <param name="Oidc">OIDC/JWT bearer validation, or null when off.</param>
public sealed record AuthConfig(bool ApiKeys, OidcConfig? Oidc);

/// <summary>The <c>auth.oidc</c> section.</summary>
/// <param name="Issuer">Required <c>iss</c>.</param>
/// <param name="Audience">Required <c>aud</c>.</param>
/// <param name="JwksUrl">Where to fetch signing keys, or null.</param>
/// <param name="JwksFile">A local JWKS file, or null (exactly one of the two is set).</param>
/// <param name="RolesClaim">The claim holding the caller's roles.</param>
/// <param name="TenantClaim">The claim holding the caller's tenant.</param>
public sealed record OidcConfig(string Issuer, string Audience, Uri? JwksUrl, string? JwksFile, string RolesClaim, string TenantClaim);

/// <summary>The <c>policy</c> section.</summary>
/// <param name="BundleDirectory">The Rego bundle directory; not used until the Rego decider lands.</param>
public sealed record PolicyConfig(string? BundleDirectory);

/// <summary>The <c>limits</c> section; 0 means unlimited.</summary>
/// <param name="RequestsPerMinute">Requests per principal per minute.</param>
/// <param name="TokensPerMinute">Prompt plus completion tokens per principal per minute.</param>
public sealed record LimitsConfig(int RequestsPerMinute, int TokensPerMinute);
