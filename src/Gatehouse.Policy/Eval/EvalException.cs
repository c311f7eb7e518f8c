using Gatehouse.Policy.Ast;

namespace Gatehouse.Policy.Eval;

/// <summary>
/// Evaluation failed: a conflict (<c>eval_conflict_error</c>), a builtin error in strict mode
/// (<c>eval_type_error</c>, <c>eval_builtin_error</c>), recursion, a cancelled or runaway query.
/// <see cref="Exception.Message"/> reads like OPA's: <c>file:row:col: code: message</c>.
/// </summary>
public sealed class EvalException : Exception
{
    /// <summary>Creates the error.</summary>
    public EvalException(string code, string detail, Location? location)
        : base(location is null ? $"{code}: {detail}" : $"{location}: {code}: {detail}")
    {
        Code = code;
        Detail = detail;
        Location = location;
    }

    /// <summary>OPA's error code.</summary>
    public string Code { get; }

    /// <summary>The message without location and code.</summary>
    public string Detail { get; }

    /// <summary>Where it happened, when known.</summary>
    public Location? Location { get; }
}
