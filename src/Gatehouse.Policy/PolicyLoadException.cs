namespace Gatehouse.Policy;

/// <summary>
/// Loading a policy failed. <see cref="Errors"/> lists every problem as <c>file:line:col: code: message</c>
/// (parse and compile errors of all files, malformed data files), so a user can fix them in one pass.
/// </summary>
public sealed class PolicyLoadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PolicyLoadException(IReadOnlyList<string> errors) : base(string.Join(Environment.NewLine, errors)) => Errors = errors;

    /// <summary>The errors, one per line, each starting with its location.</summary>
    public IReadOnlyList<string> Errors { get; }
}
