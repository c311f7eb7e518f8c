using Gatehouse.Audit;
using Gatehouse.Audit.Records;

namespace Gatehouse.Governance.Models.Registry;

/// <summary>
/// Sends registry events to the audit log as <see cref="AdminRecord"/>s: the actor as principal, <c>NAME@VERSION</c>
/// as target, the event's details as they are (digests and outcomes, never weights or card text). The append completes
/// only once the record is durably committed, so a registry operation that returns has been audited.
/// </summary>
public sealed class AuditRegistryEventSink : IRegistryEventSink
{
    private readonly AuditLog log;

    /// <summary>Creates a sink writing to <paramref name="log"/> (the caller keeps ownership of the log).</summary>
    public AuditRegistryEventSink(AuditLog log) => this.log = log ?? throw new ArgumentNullException(nameof(log));

    /// <summary>The audit action recorded for each kind of registry event.</summary>
    public static string ActionFor(RegistryEventKind kind) => kind switch
    {
        RegistryEventKind.ModelRegistered => "model.register",
        RegistryEventKind.ModelApproved => "model.approve",
        RegistryEventKind.WeightsVerified => "model.weights.verify",
        RegistryEventKind.RedTeamRecorded => "model.redteam",
        RegistryEventKind.GateDecided => "model.gate",
        RegistryEventKind.WeightsDownloaded => "model.weights.download",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no audit action for this registry event"),
    };

    /// <inheritdoc />
    public async Task RecordAsync(RegistryEvent registryEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registryEvent);
        await log.AppendAsync(new AdminRecord
        {
            Time = registryEvent.At,
            Principal = registryEvent.Actor,
            Action = ActionFor(registryEvent.Kind),
            Target = registryEvent.Model.ToString(),
            Details = new Dictionary<string, string>(registryEvent.Details),
        }, null, cancellationToken).ConfigureAwait(false);
    }
}
