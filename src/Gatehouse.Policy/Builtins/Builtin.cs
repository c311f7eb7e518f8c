using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Builtins;

/// <summary>
/// A builtin's implementation. It receives its operands, already evaluated to values, and the query's context.
/// Return the result, or null for "undefined" (the expression fails without error). Throw
/// <see cref="BuiltinException"/> for an error OPA would report; any other exception is reported as
/// <c>eval_internal_error</c>.
/// </summary>
public delegate Value? BuiltinFunction(ReadOnlySpan<Value> operands, BuiltinContext context);

/// <summary>
/// A relational builtin's implementation (like <c>walk</c>): it yields zero or more results and the evaluator
/// tries each in turn.
/// </summary>
public delegate IEnumerable<Value> RelationalBuiltinFunction(Value[] operands, BuiltinContext context);

/// <summary>A registered builtin: its name as written in Rego (<c>count</c>, <c>strings.replace_n</c>), signature and code.</summary>
public sealed class Builtin
{
    internal Builtin(string name, BuiltinSignature signature, BuiltinFunction? function, RelationalBuiltinFunction? relation, bool nondeterministic)
    {
        Name = name;
        Signature = signature;
        Function = function;
        Relation = relation;
        Nondeterministic = nondeterministic;
    }

    /// <summary>The name as called from Rego.</summary>
    public string Name { get; }

    /// <summary>The declared operand and result types.</summary>
    public BuiltinSignature Signature { get; }

    /// <summary>The number of operands (not counting the output argument a call may add).</summary>
    public int Arity => Signature.Parameters.Count;

    /// <summary>Whether any number of operands beyond <see cref="Arity"/> is accepted.</summary>
    public bool IsVariadic => Signature.Variadic is not null;

    /// <summary>The function, for ordinary builtins.</summary>
    public BuiltinFunction? Function { get; }

    /// <summary>The relation, for builtins that yield several results.</summary>
    public RelationalBuiltinFunction? Relation { get; }

    /// <summary>Whether results vary between calls with equal operands (time, random, HTTP); such calls are never cached.</summary>
    public bool Nondeterministic { get; }
}
