using Gatehouse.Audit;
using Gatehouse.Governance.Models.Registry;

namespace Gatehouse.Cli.Commands;

/// <summary>
/// The model registry with its events going to the audit log of the same data directory (<c>audit.db</c> beside
/// <c>registry.db</c>). Disposing closes the log, which signs a checkpoint over what this command appended.
/// </summary>
internal sealed class AuditedRegistry : IAsyncDisposable
{
    private readonly AuditLog log;

    private AuditedRegistry(AuditLog log, ModelRegistry registry)
    {
        this.log = log;
        Registry = registry;
    }

    public ModelRegistry Registry { get; }

    public static AuditedRegistry Open(string dataDirectory)
    {
        var log = AuditLog.Open(dataDirectory);
        return new AuditedRegistry(log, new ModelRegistry(dataDirectory, new AuditRegistryEventSink(log)));
    }

    public ValueTask DisposeAsync() => log.DisposeAsync();
}
