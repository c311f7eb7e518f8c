namespace Gatehouse.Gateway.Pipeline;

/// <summary>
/// PLACEHOLDER audit stage: records nothing. Stands in until the audit library's Merkle-log sink is wired here.
/// </summary>
public sealed class NoAuditSink : IAuditSink
{
    /// <inheritdoc />
    public ValueTask RecordAsync(GatewayContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
