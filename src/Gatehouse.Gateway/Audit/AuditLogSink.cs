using Gatehouse.Audit;
using Gatehouse.Audit.Records;
using Gatehouse.Gateway.Pipeline;

namespace Gatehouse.Gateway.Audit;

/// <summary>
/// The audit stage: appends an <see cref="InteractionRecord"/> for every request to the data directory's
/// <see cref="AuditLog"/> and returns once it is durable. The request and answer text always travel as an
/// <see cref="AuditPayload"/> so the log can commit to them by keyed hash; the text itself is kept (encrypted under
/// the data subject's key) only when the decision says <c>store_payloads</c>.
/// </summary>
public sealed class AuditLogSink(AuditLog log, TimeProvider clock) : IAuditSink
{
    /// <inheritdoc />
    public async ValueTask RecordAsync(GatewayContext context, CancellationToken cancellationToken)
    {
        var record = InteractionRecordBuilder.Build(context, clock.GetUtcNow());
        var payload = new AuditPayload(
            context.RequestBody?.ToJsonString(),
            context.OutputText.Length > 0 ? context.OutputText.ToString() : null,
            Retain: context.Decision?.StorePayloads == true,
            SubjectId: context.SubjectId ?? context.Principal.Id);
        await log.AppendAsync(record, payload, cancellationToken);
    }
}
