using Gatehouse.Gateway.Configuration;
using Gatehouse.Gateway.Pipeline;
using Gatehouse.Gateway.Registry;
using Gatehouse.Governance.Models.Registry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Gateway.Hosting;

/// <summary>Binds model aliases to the model registry (<c>registry.db</c>) when any alias names one.</summary>
internal static class RegistryServices
{
    /// <summary>Replaces the resolve stage with <see cref="RegistryModelResolver"/> when an alias has <c>registry:</c>.</summary>
    public static IServiceCollection AddGatehouseRegistry(this IServiceCollection services, GatewayConfig config, string dataDirectory)
    {
        if (!config.Models.Values.Any(m => m.Registry is not null))
            return services;
        services.AddSingleton<IModelResolver>(sp => new RegistryModelResolver(
            new ConfiguredModelResolver(config),
            new ModelRegistry(dataDirectory, time: sp.GetRequiredService<TimeProvider>()),
            sp.GetRequiredService<ILogger<RegistryModelResolver>>(),
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
