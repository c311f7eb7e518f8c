using Gatehouse.Gateway.Configuration;
using Gatehouse.Gateway.Tests.Support;

namespace Gatehouse.Gateway.Tests;

/// <summary>gatehouse.yaml loading, environment overrides, and validation messages that name file, line, key and problem.</summary>
public sealed class ConfigLoaderTests
{
    private static readonly Dictionary<string, string?> NoEnvironment = new();

    private static string Write(string yaml)
    {
        var path = Path.Combine(TempDirectory.Create(), "gatehouse.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private static string Problem(string yaml, Dictionary<string, string?>? environment = null) =>
        Assert.Single(Assert.Throws<ConfigException>(() => GatewayConfigLoader.Load(Write(yaml), environment ?? NoEnvironment)).Problems);

    [Fact]
    public void A_full_file_loads_with_every_value()
    {
        var path = Write("""
            server:
              urls: http://127.0.0.1:9000
              maxRequestBodyBytes: 2048
            data: ./state
            models:
              llama:
                baseUrl: http://127.0.0.1:11434/v1
                upstreamModel: llama3.2:1b
                apiKeyEnv: LLAMA_KEY
                connectTimeout: 500ms
                responseTimeout: 2m
                retries: 3
                fallbacks: [qwen]
                labels: {family: llama, size: 1b}
                roles: [analyst, support]
              qwen:
                baseUrl: https://qwen.internal/v1
                apiKey: literal
            auth:
              apiKeys: false
              oidc:
                issuer: https://idp.example
                audience: gatehouse
                jwksUrl: https://idp.example/jwks
                rolesClaim: groups
            policy:
              bundle: policies/default
            limits:
              requestsPerMinute: 60
              tokensPerMinute: 10000
            """);
        var config = GatewayConfigLoader.Load(path, new Dictionary<string, string?> { ["LLAMA_KEY"] = "from-env" });
        var dir = Path.GetDirectoryName(path)!;

        Assert.Equal("http://127.0.0.1:9000", config.Server.Urls);
        Assert.Equal(2048, config.Server.MaxRequestBodyBytes);
        Assert.Equal(Path.Combine(dir, "state"), config.DataDirectory);
        var llama = config.Models["llama"];
        Assert.Equal(new Uri("http://127.0.0.1:11434/v1"), llama.BaseUrl);
        Assert.Equal("llama3.2:1b", llama.UpstreamModel);
        Assert.Equal("from-env", llama.ApiKey);
        Assert.Equal(TimeSpan.FromMilliseconds(500), llama.ConnectTimeout);
        Assert.Equal(TimeSpan.FromMinutes(2), llama.ResponseTimeout);
        Assert.Equal(3, llama.Retries);
        Assert.Equal(["qwen"], llama.Fallbacks);
        Assert.Equal("1b", llama.Labels["size"]);
        Assert.Equal(["analyst", "support"], llama.Roles);
        Assert.Equal("qwen", config.Models["qwen"].UpstreamModel);
        Assert.False(config.Auth.ApiKeys);
        Assert.Equal("groups", config.Auth.Oidc!.RolesClaim);
        Assert.Equal("tenant", config.Auth.Oidc.TenantClaim);
        Assert.Equal(Path.Combine(dir, "policies", "default"), config.Policy.BundleDirectory);
        Assert.Equal(new LimitsConfig(60, 10000), config.Limits);
    }

    [Fact]
    public void Environment_variables_override_yaml_keys()
    {
        var path = Write("server:\n  urls: http://127.0.0.1:9000\nmodels:\n  llama:\n    baseUrl: http://a/v1\n    retries: 1\n");
        var config = GatewayConfigLoader.Load(path, new Dictionary<string, string?>
        {
            ["GATEHOUSE__SERVER__URLS"] = "http://0.0.0.0:7000",
            ["GATEHOUSE__MODELS__LLAMA__RETRIES"] = "4",
            ["GATEHOUSE__LIMITS__REQUESTSPERMINUTE"] = "9",
            ["UNRELATED"] = "x",
        });
        Assert.Equal("http://0.0.0.0:7000", config.Server.Urls);
        Assert.Equal(4, config.Models["llama"].Retries);
        Assert.Equal(9, config.Limits.RequestsPerMinute);
    }

    [Fact]
    public void No_file_means_embedded_defaults()
    {
        var config = GatewayConfigLoader.Load(null, NoEnvironment);
        Assert.Equal(ServerConfig.DefaultUrls, config.Server.Urls);
        Assert.Empty(config.Models);
        Assert.True(config.Auth.ApiKeys);
        Assert.Null(config.SourceFile);
    }

    [Fact]
    public void A_bad_number_names_file_line_key_and_value() =>
        Assert.Equal("gatehouse.yaml:4: models.llama.retries: expected a whole number from 0 to 10, got 'many'",
            Problem("models:\n  llama:\n    baseUrl: http://a/v1\n    retries: many\n"));

    [Fact]
    public void A_bad_environment_override_names_the_variable() =>
        Assert.Equal("environment variable GATEHOUSE__SERVER__MAXREQUESTBODYBYTES: server.maxRequestBodyBytes: expected a whole number from 1024 to 1073741824, got '12'",
            Problem("server:\n  urls: http://127.0.0.1:1\n", new() { ["GATEHOUSE__server__maxRequestBodyBytes"] = "12" }));

    [Theory]
    [InlineData("serer:\n  urls: x\n", "gatehouse.yaml:1: serer: unknown key")]
    [InlineData("models:\n  m:\n    baseUrl: http://a/v1\n    retires: 2\n", "gatehouse.yaml:4: models.m.retires: unknown key")]
    [InlineData("models:\n  m:\n    upstreamModel: x\n", "gatehouse.yaml:2: models.m.baseUrl: is required")]
    [InlineData("models:\n  m:\n    baseUrl: ftp://a/v1\n", "gatehouse.yaml:3: models.m.baseUrl: expected an absolute http:// or https:// URL, got 'ftp://a/v1'")]
    [InlineData("models:\n  m:\n    baseUrl: http://a/v1\n    fallbacks: [n]\n", "gatehouse.yaml:4: models.m.fallbacks.0: 'n' is not a configured model alias")]
    [InlineData("models:\n  m:\n    baseUrl: http://a/v1\n    fallbacks: [m]\n", "gatehouse.yaml:4: models.m.fallbacks.0: a model cannot be its own fallback")]
    [InlineData("models:\n  m:\n    baseUrl: http://a/v1\n    connectTimeout: soon\n", "gatehouse.yaml:4: models.m.connectTimeout: expected a positive duration")]
    [InlineData("models:\n  m:\n    baseUrl: http://a/v1\n    apiKeyEnv: NOPE_NOT_SET\n", "gatehouse.yaml:4: models.m.apiKeyEnv: environment variable NOPE_NOT_SET is not set")]
    [InlineData("models:\n  demo:\n    baseUrl: http://a/v1\n", "gatehouse.yaml:2: models.demo: 'demo' is reserved")]
    [InlineData("auth:\n  apiKeys: nope\n", "gatehouse.yaml:2: auth.apiKeys: expected true or false, got 'nope'")]
    [InlineData("auth:\n  apiKeys: false\n", "gatehouse.yaml:1: auth: both API keys and OIDC are off")]
    [InlineData("auth:\n  oidc:\n    issuer: https://i\n    audience: a\n", "gatehouse.yaml:2: auth.oidc: set exactly one of jwksUrl or jwksFile")]
    [InlineData("auth:\n  oidc:\n    audience: a\n    jwksUrl: https://i/jwks\n", "gatehouse.yaml:2: auth.oidc.issuer: is required")]
    [InlineData("auth:\n  oidc:\n    issuer: https://i\n    audience: a\n    jwksFile: missing.json\n", "gatehouse.yaml:5: auth.oidc.jwksFile: file not found")]
    [InlineData("limits:\n  requestsPerMinute: -1\n", "gatehouse.yaml:2: limits.requestsPerMinute: expected a whole number from 0")]
    [InlineData("models: [a, b]\n", "gatehouse.yaml:1: models: expected a mapping of alias to model settings, got a list")]
    public void Each_invalid_value_is_reported_with_its_place(string yaml, string expected) =>
        Assert.StartsWith(expected, Problem(yaml));

    [Theory]
    [InlineData("server:\n  urls: 'unclosed\nmodels: {}\n", @"^gatehouse\.yaml:\d+: YAML syntax error")]
    [InlineData("server:\n  urls: [unclosed\nmodels: {}\n", @"^gatehouse\.yaml(:\d+)?: YAML syntax error")]
    public void Yaml_syntax_errors_name_the_file_and_where_known_the_line(string yaml, string pattern) =>
        Assert.Matches(pattern, Problem(yaml));

    [Fact]
    public void All_problems_are_reported_together()
    {
        var error = Assert.Throws<ConfigException>(() => GatewayConfigLoader.Load(Write("server:\n  maxRequestBodyBytes: x\nlimits:\n  tokensPerMinute: y\n"), NoEnvironment));
        Assert.Equal(2, error.Problems.Count);
        Assert.Contains("gatehouse.yaml:2: server.maxRequestBodyBytes", error.Message);
        Assert.Contains("gatehouse.yaml:4: limits.tokensPerMinute", error.Message);
    }

    [Fact]
    public void A_missing_file_is_reported() =>
        Assert.Contains("configuration file not found",
            Assert.Single(Assert.Throws<ConfigException>(() => GatewayConfigLoader.Load("/nonexistent/gatehouse.yaml", NoEnvironment)).Problems));
}
