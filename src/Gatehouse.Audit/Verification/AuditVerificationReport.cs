namespace Gatehouse.Audit.Verification;

/// <summary>The outcome of <see cref="AuditVerifier.Verify"/>.</summary>
/// <param name="RecordCount">Records read.</param>
/// <param name="TreeSize">Leaves in the stored tree.</param>
/// <param name="CheckpointsVerified">Stored checkpoints whose signature and root both verified.</param>
/// <param name="LatestCheckpointSize">The size of the newest valid stored checkpoint (-1 when there is none).</param>
/// <param name="WitnessVerified">Whether a witness checkpoint was given and matched.</param>
/// <param name="Problems">Everything found wrong, in log order (capped; see <paramref name="ProblemCount"/>).</param>
/// <param name="ProblemCount">The total number of problems, including any beyond the cap.</param>
public sealed record AuditVerificationReport(
    long RecordCount,
    long TreeSize,
    int CheckpointsVerified,
    long LatestCheckpointSize,
    bool WitnessVerified,
    IReadOnlyList<AuditProblem> Problems,
    int ProblemCount)
{
    /// <summary>True when nothing is wrong.</summary>
    public bool Ok => ProblemCount == 0;

    /// <summary>Records appended after the newest valid checkpoint, not yet covered by a signature.</summary>
    public long UnsignedTail => Math.Max(0, RecordCount - Math.Max(0, LatestCheckpointSize));
}
