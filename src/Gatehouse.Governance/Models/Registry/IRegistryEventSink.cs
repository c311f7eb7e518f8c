namespace Gatehouse.Governance.Models.Registry;

/// <summary>
/// Receives every registration, approval, verification, red-team result, gate decision and weights download so that they can reach the audit log. The registry calls
/// it after the change is committed; a sink that throws makes the operation report failure to its caller.
/// </summary>
public interface IRegistryEventSink
{
    /// <summary>Records one event.</summary>
    Task RecordAsync(RegistryEvent registryEvent, CancellationToken cancellationToken = default);
}

/// <summary>The kinds of registry event.</summary>
public enum RegistryEventKind
{
    /// <summary>A model version was registered.</summary>
    ModelRegistered,
    /// <summary>A model version was approved.</summary>
    ModelApproved,
    /// <summary>A model version's weights were re-hashed against the registration.</summary>
    WeightsVerified,
    /// <summary>A red-team result was stored for a model version.</summary>
    RedTeamRecorded,
    /// <summary>The deployment gate decided on a model version.</summary>
    GateDecided,
    /// <summary>A weight file of a model version was handed out (admin API download).</summary>
    WeightsDownloaded,
}

/// <summary>One event for the audit log.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Model">Which model version.</param>
/// <param name="Actor">Who did it (registrant, approver, or whoever ran the verification).</param>
/// <param name="At">When (UTC).</param>
/// <param name="Details">Event-specific facts (digests, outcome, note), as flat strings.</param>
public sealed record RegistryEvent(
    RegistryEventKind Kind,
    ModelReference Model,
    string Actor,
    DateTimeOffset At,
    IReadOnlyDictionary<string, string> Details);

/// <summary>The sink used until one is connected to the audit log: it records nothing, and says so in its name.</summary>
public sealed class NoOpRegistryEventSink : IRegistryEventSink
{
    /// <summary>The shared instance.</summary>
    public static NoOpRegistryEventSink Instance { get; } = new();

    private NoOpRegistryEventSink() { }

    /// <inheritdoc />
    public Task RecordAsync(RegistryEvent registryEvent, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
