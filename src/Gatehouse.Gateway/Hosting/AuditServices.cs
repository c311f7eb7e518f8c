using Gatehouse.Audit;
using Gatehouse.Gateway.Audit;
using Gatehouse.Gateway.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Gateway.Hosting;

/// <summary>Registers the audit stage: one <see cref="AuditLog"/> per host on the data directory, its sink and the admin trail.</summary>
internal static class AuditServices
{
    /// <summary>Adds the audit services; the log is opened (keys created on first use) when the host starts.</summary>
    public static IServiceCollection AddGatehouseAudit(this IServiceCollection services, string dataDirectory)
    {
        services.AddSingleton(sp => AuditLog.Open(dataDirectory, new AuditOptions { Clock = sp.GetRequiredService<TimeProvider>() }));
        services.AddSingleton<AdminAuditTrail>();
        services.AddSingleton<FailedAuthenticationAudit>();
        services.AddSingleton<IAuditSink, AuditLogSink>();
        services.AddHostedService<PolicyReloadAuditing>();
        return services;
    }
}
