using Gatehouse.Detection.Operators;

namespace Gatehouse.Detection.Streaming;

/// <summary>State of a guarded stream.</summary>
public enum StreamStatus
{
    /// <summary>Keep streaming.</summary>
    Continue,
    /// <summary>A block action fired: end the stream with an error event.</summary>
    Blocked,
    /// <summary>Detection failed (a detector threw or ran out of time): end the stream with an error event (fail closed).</summary>
    Failed,
}

/// <summary>What a <see cref="StreamingGuard"/> lets through after a chunk.</summary>
/// <param name="Text">Transformed text safe to send now (possibly empty).</param>
/// <param name="Applied">Operators applied to the released text.</param>
/// <param name="Status">Whether the stream may continue.</param>
/// <param name="Reason">Why the stream stopped (entity types or the detection error), for the error event and the audit.</param>
public sealed record StreamChunkResult(string Text, IReadOnlyList<AppliedAction> Applied, StreamStatus Status, string? Reason = null)
{
    /// <summary>True when the caller must end the stream.</summary>
    public bool MustStop => Status != StreamStatus.Continue;
}
