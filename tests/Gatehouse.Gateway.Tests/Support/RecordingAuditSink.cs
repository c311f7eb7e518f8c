using System.Collections.Concurrent;
using Gatehouse.Gateway.Pipeline;

namespace Gatehouse.Gateway.Tests.Support;

/// <summary>An audit sink for tests that keeps every finished context, to check what the pipeline hands the audit stage.</summary>
public sealed class RecordingAuditSink : IAuditSink
{
    /// <summary>Contexts in arrival order.</summary>
    public ConcurrentQueue<GatewayContext> Records { get; } = new();

    /// <inheritdoc />
    public ValueTask RecordAsync(GatewayContext context, CancellationToken cancellationToken)
    {
        Records.Enqueue(context);
        return ValueTask.CompletedTask;
    }
}
