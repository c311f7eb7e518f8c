namespace Gatehouse.Governance.Models.Gate;

/// <summary>The outcome of running one red-team suite against one exact model version.</summary>
/// <param name="Model">The model version the suite ran against.</param>
/// <param name="SuiteName">The suite's name.</param>
/// <param name="SuiteSha256">Digest of the suite file, so a result is tied to the exact prompts that ran.</param>
/// <param name="Passed">Cases whose response met the expectation.</param>
/// <param name="Failed">Cases whose response did not.</param>
/// <param name="RecordedAt">When the result was stored (UTC).</param>
/// <param name="JUnitPath">Where the JUnit XML report was written, if anywhere.</param>
public sealed record RedTeamResult(
    ModelReference Model,
    string SuiteName,
    string SuiteSha256,
    int Passed,
    int Failed,
    DateTimeOffset RecordedAt,
    string? JUnitPath)
{
    /// <summary>A suite passes when it ran at least one case and none failed.</summary>
    public bool AllPassed => Failed == 0 && Passed > 0;
}
