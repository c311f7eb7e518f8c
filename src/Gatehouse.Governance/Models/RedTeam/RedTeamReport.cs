namespace Gatehouse.Governance.Models.RedTeam;

/// <summary>What happened to one case.</summary>
/// <param name="Case">The case.</param>
/// <param name="Passed">The response met the expectation.</param>
/// <param name="Outcome">What the gateway did: <c>blocked</c>, <c>allowed</c> or <c>error</c> (unreachable, 401, 5xx).</param>
/// <param name="StatusCode">The HTTP status, or null when no response came.</param>
/// <param name="Reason">Why it passed or failed, for a person.</param>
/// <param name="Elapsed">How long the request took.</param>
public sealed record RedTeamCaseResult(RedTeamCase Case, bool Passed, string Outcome, int? StatusCode, string Reason, TimeSpan Elapsed);

/// <summary>A suite's run against one model alias.</summary>
/// <param name="Suite">The suite.</param>
/// <param name="ModelAlias">The alias the prompts were sent to.</param>
/// <param name="Results">One per case, in suite order.</param>
/// <param name="StartedAt">When the run began (UTC).</param>
public sealed record RedTeamReport(RedTeamSuite Suite, string ModelAlias, IReadOnlyList<RedTeamCaseResult> Results, DateTimeOffset StartedAt)
{
    /// <summary>Cases that met their expectation.</summary>
    public int Passed => Results.Count(r => r.Passed);

    /// <summary>Cases that did not.</summary>
    public int Failed => Results.Count(r => !r.Passed);
}
