using Gatehouse.Gateway;
using Gatehouse.Gateway.Configuration;
using Gatehouse.Gateway.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.GatewayLoad;

/// <summary>
/// The real gateway as <c>gatehouse serve</c> wires it: <see cref="GatewayHost.Build"/> from a <c>gatehouse.yaml</c>
/// loaded by <see cref="GatewayConfigLoader"/>, a fresh data directory (SQLite identity and audit stores, detection
/// keys), the policy bundle <c>serve</c> would pick from the working directory (the shipped <c>policies/default</c>
/// when run from the repository root), detection on, and one API key. The key's role has no rate limits in the
/// shipped bundle, so the load is never answered with 429.
/// </summary>
internal sealed class GatewayUnderTest : IAsyncDisposable
{
    private const string Role = "loadtest";
    private WebApplication _app = null!;

    public Uri Address { get; private set; } = null!;

    public string ApiKey { get; private set; } = "";

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "gatehouse-load", Guid.NewGuid().ToString("N"));

    public string PolicySource { get; private set; } = "";

    /// <summary>The gateway's services, for the stage profile.</summary>
    public IServiceProvider Services => _app.Services;

    public async Task StartAsync(Uri upstream, string alias)
    {
        Directory.CreateDirectory(DataDirectory);
        var yaml = Path.Combine(DataDirectory, "gatehouse.yaml");
        await File.WriteAllTextAsync(yaml, $"""
            models:
              {alias}:
                baseUrl: {upstream}
                upstreamModel: stub-model
                roles: ['{Role}']
            """);
        _app = GatewayHost.Build(new GatewayOptions
        {
            Config = GatewayConfigLoader.Load(yaml, new Dictionary<string, string?>()),
            DataDirectory = DataDirectory,
            Urls = "http://127.0.0.1:0",
            MinimumLogLevel = Microsoft.Extensions.Logging.LogLevel.Warning,
        });
        ApiKey = _app.Services.GetRequiredService<ApiKeyStore>().Create("load", "bench", [Role], null).Key;
        PolicySource = _app.Services.GetRequiredService<Gateway.Policy.PolicyBundle>().Source;
        await _app.StartAsync();
        Address = GatewayHost.ListeningAddresses(_app)[0];
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }
}
