using Gatehouse.Gateway.Configuration;
using Gatehouse.Gateway.Endpoints;
using Gatehouse.Gateway.Errors;
using Gatehouse.Gateway.Hosting;
using Gatehouse.Gateway.Identity;
using Gatehouse.Gateway.Pipeline;
using Gatehouse.Gateway.Upstreams;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Gateway;

/// <summary>Builds the gateway: Kestrel, the middleware (request id → errors → authentication) and the routes.</summary>
public static class GatewayHost
{
    /// <summary>
    /// Builds (does not start) the gateway. <paramref name="configureServices"/> runs after the default stages are
    /// registered; registering another <see cref="IRequestInspector"/>, <see cref="IPolicyDecider"/>,
    /// <see cref="IRequestTransformer"/>, <see cref="IOutputGuard"/>, <see cref="IAuditSink"/> or
    /// <see cref="IModelResolver"/> there replaces that stage (the last registration wins).
    /// </summary>
    public static WebApplication Build(GatewayOptions options, Action<IServiceCollection>? configureServices = null)
    {
        var config = options.Config;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(GatewayHost).Assembly.GetName().Name });
        builder.WebHost.UseUrls(options.Urls ?? config.Server.Urls);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = config.Server.MaxRequestBodyBytes;
        });
        builder.Logging.SetMinimumLevel(options.MinimumLogLevel);
        builder.Logging.AddFilter("Microsoft.AspNetCore", options.MinimumLogLevel > LogLevel.Warning ? options.MinimumLogLevel : LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", options.MinimumLogLevel);

        var services = builder.Services;
        services.AddSingleton(config);
        services.AddSingleton(options.Clock);
        // A factory registration, so the host disposes the store (its cache holds a connection open).
        var keyStore = new ApiKeyStore(options.DataDirectory, options.Clock, options.KeyCacheLifetime);
        services.AddSingleton(_ => keyStore);
        services.AddSingleton(new UpstreamClients(options.DemoDelayPerWord));
        services.AddSingleton<UpstreamForwarder>();
        services.AddSingleton<PrincipalRateLimiter>();
        services.AddSingleton<ErrorHandling>();
        services.AddSingleton<Authentication>();
        services.AddSingleton(sp => new BearerAuthenticator(
            config.Auth.ApiKeys ? sp.GetRequiredService<ApiKeyStore>() : null,
            config.Auth.Oidc is { } oidc ? new OidcTokenValidator(oidc, JwksFor(oidc)) : null));
        services.AddOpenAIEndpoints();

        // Default stages: the Rego decider, the audit log, and a clearly named placeholder for detection.
        services.AddSingleton<IModelResolver>(new ConfiguredModelResolver(config));
        services.AddGatehouseRegistry(config, options.DataDirectory);
        services.AddSingleton<IRequestInspector, NoFindingsInspector>();
        services.AddGatehousePolicy(config);
        services.AddSingleton<IRequestTransformer, MaxTokensTransformer>();
        services.AddSingleton<IOutputGuard, PassThroughOutputGuard>();
        services.AddGatehouseAudit(options.DataDirectory);
        services.AddDetectionStages(config.Detection, options.DataDirectory);
        configureServices?.Invoke(services);
        services.AddSingleton(sp => new GatewayStages(
            sp.GetRequiredService<IModelResolver>(),
            sp.GetRequiredService<IRequestInspector>(),
            sp.GetRequiredService<IPolicyDecider>(),
            sp.GetRequiredService<IRequestTransformer>(),
            sp.GetRequiredService<IOutputGuard>(),
            sp.GetRequiredService<IAuditSink>()));

        var app = builder.Build();
        app.Use(RequestIds.AssignAsync);
        var errors = app.Services.GetRequiredService<ErrorHandling>();
        app.Use((http, next) => errors.InvokeAsync(http, next));
        var authentication = app.Services.GetRequiredService<Authentication>();
        app.Use((http, next) => authentication.InvokeAsync(http, next));
        HealthEndpoints.Map(app);
        OpenAIEndpoints.Map(app);
        AdminEndpoints.Map(app);
        PolicyAdminEndpoints.Map(app);
        AuditAdminEndpoints.Map(app);
        ModelWeightsEndpoints.Map(app, options.DataDirectory);
        UnmatchedRoutes.Map(app);
        return app;
    }

    /// <summary>The addresses the started <paramref name="app"/> actually listens on (port 0 resolved).</summary>
    public static IReadOnlyList<Uri> ListeningAddresses(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();

    private static JwksSource JwksFor(OidcConfig oidc) =>
        oidc.JwksFile is { } file ? JwksSource.FromFile(file) : JwksSource.FromUrl(oidc.JwksUrl!, new HttpClient { Timeout = TimeSpan.FromSeconds(10) });
}
