using Gatehouse.Gateway.Configuration;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Gateway;

/// <summary>What <see cref="GatewayHost.Build"/> needs to start a gateway.</summary>
public sealed record GatewayOptions
{
    /// <summary>The validated configuration (see <see cref="GatewayConfigLoader"/>).</summary>
    public GatewayConfig Config { get; init; } = GatewayConfig.Default;

    /// <summary>The data directory holding <c>identity.db</c>.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Listening addresses; overrides <c>server.urls</c> when set (e.g. <c>http://127.0.0.1:0</c> in tests).</summary>
    public string? Urls { get; init; }

    /// <summary>The least severe log level written to the console.</summary>
    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Information;

    /// <summary>Pause between words in the demo model's stream (visible streaming for humans; zero in benchmarks).</summary>
    public TimeSpan DemoDelayPerWord { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// How long a verified API key is trusted without reading <c>identity.db</c> again (zero: read on every request).
    /// Revocations, from the admin API or <c>gatehouse keys revoke</c> in another process, take effect within
    /// <see cref="Identity.ApiKeyStore.RevisionCheckInterval"/> whatever this is; expiry is checked on every request.
    /// </summary>
    public TimeSpan KeyCacheLifetime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock used for key expiry and rate-limit windows.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
