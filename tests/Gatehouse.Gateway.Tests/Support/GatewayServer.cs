using System.Net.Http.Headers;
using Gatehouse.Gateway;
using Gatehouse.Gateway.Configuration;
using Gatehouse.Gateway.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Gateway.Tests.Support;

/// <summary>
/// The real gateway on real Kestrel at 127.0.0.1 with a free port, a fresh data directory (real SQLite) and an
/// admin key. Configuration comes from YAML text, through the real loader.
/// </summary>
public sealed class GatewayServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GatewayServer(WebApplication app, string dataDirectory, ApiKeyStore store, string adminKey)
    {
        _app = app;
        DataDirectory = dataDirectory;
        Store = store;
        AdminKey = adminKey;
        BaseUrl = GatewayHost.ListeningAddresses(app)[0];
        Http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The gateway's root URL.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The <c>/v1</c> endpoint for the OpenAI SDK.</summary>
    public Uri V1 => new(BaseUrl, "/v1");

    /// <summary>A client without credentials.</summary>
    public HttpClient Http { get; }

    /// <summary>The data directory.</summary>
    public string DataDirectory { get; }

    /// <summary>The gateway's key store (same SQLite file).</summary>
    public ApiKeyStore Store { get; }

    /// <summary>The gateway's services, to inspect what was wired.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>A key with the admin role.</summary>
    public string AdminKey { get; }

    /// <summary>Starts a gateway configured by <paramref name="yaml"/> (null: embedded defaults, i.e. the demo model).</summary>
    public static async Task<GatewayServer> StartAsync(string? yaml = null, Action<IServiceCollection>? configureServices = null, TimeProvider? clock = null, string? dataDirectory = null)
    {
        dataDirectory ??= TempDirectory.Create();
        string? configPath = null;
        if (yaml is not null)
        {
            configPath = Path.Combine(dataDirectory, "gatehouse.yaml");
            await File.WriteAllTextAsync(configPath, yaml);
        }
        var config = GatewayConfigLoader.Load(configPath, new Dictionary<string, string?>());
        var options = new GatewayOptions
        {
            Config = config,
            DataDirectory = dataDirectory,
            Urls = "http://127.0.0.1:0",
            MinimumLogLevel = LogLevel.Warning,
            DemoDelayPerWord = TimeSpan.Zero,
            Clock = clock ?? TimeProvider.System,
        };
        var app = GatewayHost.Build(options, configureServices);
        var store = app.Services.GetRequiredService<ApiKeyStore>();
        var admin = AdminBootstrap.CreateAdminKeyIfEmpty(store)!;
        await app.StartAsync();
        return new GatewayServer(app, dataDirectory, store, admin);
    }

    /// <summary>Creates a key with the given roles.</summary>
    public string CreateKey(string principal, params string[] roles) => Store.Create(principal, "acme", roles, null).Key;

    /// <summary>A request with a bearer credential.</summary>
    public static HttpRequestMessage Request(HttpMethod method, string path, string? key, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (key is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (json is not null)
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        return request;
    }

    /// <summary>Sends a request with a bearer credential.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, string? json = null) =>
        Http.SendAsync(Request(method, path, key, json));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.DisposeAsync();
    }
}

/// <summary>Fresh temporary directories, left for the OS to clean (SQLite pools may still hold the files).</summary>
public static class TempDirectory
{
    /// <summary>Creates a new empty directory.</summary>
    public static string Create()
    {
        var path = Path.Combine(Path.GetTempPath(), "gatehouse-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
