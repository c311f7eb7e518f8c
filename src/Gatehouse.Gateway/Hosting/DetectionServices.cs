using Gatehouse.Gateway.Configuration;
using Gatehouse.Gateway.DataProtection;
using Gatehouse.Gateway.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Gateway.Hosting;

/// <summary>Registers the data-protection stages: detect, transform (entity actions and token limits), guard output.</summary>
public static class DetectionServices
{
    /// <summary>
    /// Adds <see cref="DetectionRuntime"/> (engine and keys, built once at start) and the three stages. Register a
    /// <see cref="DetectionRuntime"/> afterwards to replace the engine (tests inject failing detectors that way).
    /// </summary>
    public static IServiceCollection AddDetectionStages(this IServiceCollection services, DetectionConfig config, string dataDirectory)
    {
        // Built now, not on first request: a bad key file stops the start with its path instead of failing calls later.
        services.AddSingleton(DetectionRuntime.FromConfig(config, dataDirectory));
        services.AddSingleton<IRequestInspector, DetectionInspector>();
        services.AddSingleton<IRequestTransformer, DetectionTransformer>();
        services.AddSingleton<IOutputGuard, DetectionOutputGuard>();
        return services;
    }
}
