namespace Gatehouse.Policy.Ast;

/// <summary>A position in a policy source: file name, 1-based row and column.</summary>
public sealed record Location(string File, int Row, int Col)
{
    /// <summary><c>file:row:col</c>, the prefix of every located message.</summary>
    public override string ToString() => $"{File}:{Row}:{Col}";
}

/// <summary>One located error, printed as <c>file:row:col: code: message</c> like OPA.</summary>
public sealed record RegoError(string Code, string Message, Location? Location)
{
    /// <inheritdoc />
    public override string ToString() => Location is null ? $"{Code}: {Message}" : $"{Location}: {Code}: {Message}";
}

/// <summary>
/// Parsing or compiling failed. <see cref="Errors"/> lists every error found, each with its location.
/// </summary>
public sealed class RegoException : Exception
{
    /// <summary>Creates the exception from one or more errors.</summary>
    public RegoException(IReadOnlyList<RegoError> errors) : base(string.Join(Environment.NewLine, errors)) => Errors = errors;

    /// <summary>Creates the exception from one error.</summary>
    public RegoException(string code, string message, Location? location) : this([new RegoError(code, message, location)]) { }

    /// <summary>The errors, in source order.</summary>
    public IReadOnlyList<RegoError> Errors { get; }

    /// <summary>The code of the first error (e.g. <c>rego_parse_error</c>).</summary>
    public string Code => Errors[0].Code;
}
