namespace Gatehouse.Policy.Builtins;

/// <summary>
/// A builtin failed. Carries OPA's error code (<c>eval_type_error</c> for wrong operand types, <c>eval_builtin_error</c>
/// for everything else) and the message as OPA prints it, e.g.
/// <c>count: operand 1 must be one of {array, object, set, string} but got number</c>.
/// The evaluator adds the location and, unless the query is in strict mode, turns builtin errors into undefined as OPA does.
/// </summary>
public sealed class BuiltinException : Exception
{
    /// <summary>The code for operand type errors.</summary>
    public const string TypeErrorCode = "eval_type_error";

    /// <summary>The code for every other builtin failure.</summary>
    public const string BuiltinErrorCode = "eval_builtin_error";

    /// <summary>Creates the error.</summary>
    public BuiltinException(string code, string message) : base(message) => Code = code;

    /// <summary>OPA's error code.</summary>
    public string Code { get; }

    /// <summary>
    /// An operand type error: <c>{name}: operand {position} must be {expected} but got {actual}</c>.
    /// <paramref name="position"/> is 1-based, <paramref name="expected"/> is like <c>number</c> or
    /// <c>one of {array, object, set, string}</c>.
    /// </summary>
    public static BuiltinException OperandType(string name, int position, string expected, string actual) =>
        new(TypeErrorCode, $"{name}: operand {position} must be {expected} but got {actual}");

    /// <summary>A builtin error: <c>{name}: {message}</c> with code <c>eval_builtin_error</c>.</summary>
    public static BuiltinException Error(string name, string message) => new(BuiltinErrorCode, $"{name}: {message}");

    /// <summary>A type error whose message is not about one operand: <c>{name}: {message}</c>.</summary>
    public static BuiltinException TypeError(string name, string message) => new(TypeErrorCode, $"{name}: {message}");
}
