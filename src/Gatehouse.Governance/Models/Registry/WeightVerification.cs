namespace Gatehouse.Governance.Models.Registry;

/// <summary>How a weight file compares with its registration.</summary>
public enum WeightStatus
{
    /// <summary>Same SHA-256 as at registration.</summary>
    Unchanged,
    /// <summary>The file exists but its content differs.</summary>
    Changed,
    /// <summary>The file is gone or unreadable.</summary>
    Missing,
}

/// <summary>One weight file's check.</summary>
/// <param name="File">The registered file and digest.</param>
/// <param name="Status">The outcome.</param>
/// <param name="ActualSha256">The digest found now, or null when the file is missing.</param>
public sealed record WeightCheck(WeightFile File, WeightStatus Status, string? ActualSha256);

/// <summary>The result of re-hashing a model version's weights.</summary>
/// <param name="Model">The model version checked.</param>
/// <param name="Files">Each file's outcome, in registration order.</param>
/// <param name="CheckedAt">When (UTC).</param>
public sealed record WeightVerification(ModelReference Model, IReadOnlyList<WeightCheck> Files, DateTimeOffset CheckedAt)
{
    /// <summary>Whether every file still has its registered digest.</summary>
    public bool AllUnchanged => Files.All(f => f.Status == WeightStatus.Unchanged);
}
