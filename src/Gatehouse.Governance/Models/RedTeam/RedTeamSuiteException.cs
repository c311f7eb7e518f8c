namespace Gatehouse.Governance.Models.RedTeam;

/// <summary>A suite file that cannot be used; <see cref="Errors"/> lists every problem as <c>file:line: message</c>.</summary>
public sealed class RedTeamSuiteException : Exception
{
    /// <summary>Creates the exception from its problems.</summary>
    public RedTeamSuiteException(string path, IReadOnlyList<string> errors)
        : base($"red-team suite {path} has {errors.Count} problem(s)") => Errors = errors;

    /// <summary>Every problem, <c>file:line: message</c>.</summary>
    public IReadOnlyList<string> Errors { get; }
}
