namespace Gatehouse.Audit.Verification;

/// <summary>The kinds of damage verification can name.</summary>
public enum AuditProblemKind
{
    /// <summary>A record's bytes no longer hash to the leaf stored for its index.</summary>
    RecordModified,

    /// <summary>An index in the log has no record: deleted.</summary>
    RecordDeleted,

    /// <summary>A record sits at another position than the index it was written with: reordered or inserted.</summary>
    RecordMoved,

    /// <summary>A record exists that the stored tree never included: inserted.</summary>
    RecordInserted,

    /// <summary>A record cannot be decoded as a leaf.</summary>
    RecordCorrupt,

    /// <summary>A stored interior hash differs from the one recomputed from the records.</summary>
    TreeNodeMismatch,

    /// <summary>A stored checkpoint's signature does not verify with the log's key, or it is malformed.</summary>
    CheckpointInvalid,

    /// <summary>The records no longer produce the root a signed checkpoint committed to.</summary>
    CheckpointRootMismatch,

    /// <summary>A signed checkpoint covers more records than the log holds: truncated.</summary>
    LogTruncated,

    /// <summary>The witness checkpoint is not signed by this log, or the log no longer matches it.</summary>
    WitnessMismatch,

    /// <summary>A stored encrypted payload no longer matches the hash its record commits to.</summary>
    PayloadModified,
}

/// <summary>One named finding of verification.</summary>
/// <param name="Kind">What is wrong.</param>
/// <param name="Index">The leaf index concerned, when there is one.</param>
/// <param name="Message">A precise description: which index or range, and what differs.</param>
public sealed record AuditProblem(AuditProblemKind Kind, long? Index, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Kind}{(Index is { } i ? $" at index {i}" : "")}: {Message}";
}
