using Gatehouse.Gateway.Configuration;
using Gatehouse.Gateway.Pipeline;
using Gatehouse.Gateway.Policy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Gateway.Hosting;

/// <summary>Registers the Rego decide stage: the serving bundle, its file watcher and <see cref="RegoPolicyDecider"/>.</summary>
internal static class PolicyServices
{
    /// <summary>
    /// Adds the policy services. The bundle is <c>policy.bundle</c> (relative to the working directory), else
    /// <c>./policies/default</c> when it exists, else the embedded default bundle.
    /// </summary>
    public static IServiceCollection AddGatehousePolicy(this IServiceCollection services, GatewayConfig config)
    {
        var directory = PolicyBundle.ResolveDirectory(config.Policy.BundleDirectory, Environment.CurrentDirectory);
        services.AddSingleton(sp => new PolicyBundle(directory, sp.GetRequiredService<ILogger<PolicyBundle>>()));
        services.AddSingleton(sp => new PolicyEnvironment(sp.GetRequiredService<IHostEnvironment>().EnvironmentName.ToLowerInvariant()));
        services.AddSingleton<IPolicyDecider, RegoPolicyDecider>();
        services.AddHostedService<PolicyBundleWatcher>();
        return services;
    }
}
