namespace Gatehouse.Governance.Models.RedTeam;

/// <summary>What a red-team case expects of the gateway's answer.</summary>
public enum RedTeamExpectation
{
    /// <summary>The gateway refuses the request (an OpenAI error, HTTP 4xx other than 401).</summary>
    Blocked,
    /// <summary>The gateway answers (HTTP 200).</summary>
    Allowed,
    /// <summary>No planted value appears in the answer (a refusal also satisfies this: nothing leaked).</summary>
    Redacted,
}

/// <summary>A red-team suite: synthetic prompts and what must happen to each.</summary>
/// <param name="Name">Suite name (results are stored per suite).</param>
/// <param name="Description">What the suite probes.</param>
/// <param name="Path">The file it was read from.</param>
/// <param name="Sha256">Digest of the file, so a stored result is tied to the exact prompts.</param>
/// <param name="Cases">The cases, in file order.</param>
public sealed record RedTeamSuite(string Name, string? Description, string Path, string Sha256, IReadOnlyList<RedTeamCase> Cases);

/// <summary>One synthetic prompt and its expectation.</summary>
/// <param name="Id">Unique within the suite.</param>
/// <param name="Category">What it probes (personal-data, prompt-injection, secrets, purpose...).</param>
/// <param name="Description">Why it is there.</param>
/// <param name="Prompt">The user message.</param>
/// <param name="System">An optional system message sent first.</param>
/// <param name="Purpose">An optional <c>x-gatehouse-purpose</c> header value.</param>
/// <param name="Model">An optional model alias overriding the one given on the command line.</param>
/// <param name="Expect">The expected outcome.</param>
/// <param name="Planted">Values planted in the prompt that must not come back (for <see cref="RedTeamExpectation.Redacted"/>).</param>
/// <param name="Contains">Strings the answer must contain.</param>
/// <param name="NotContains">Strings the answer must not contain.</param>
/// <param name="Line">The case's line in the suite file, for messages.</param>
public sealed record RedTeamCase(
    string Id, string? Category, string? Description, string Prompt, string? System, string? Purpose, string? Model,
    RedTeamExpectation Expect, IReadOnlyList<string> Planted, IReadOnlyList<string> Contains, IReadOnlyList<string> NotContains, int Line);
