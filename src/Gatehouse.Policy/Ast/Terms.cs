using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Ast;

/// <summary>A Rego term: a scalar, variable, reference, collection, call or comprehension.</summary>
public abstract class Term
{
    /// <summary>Where the term starts.</summary>
    public required Location Location { get; init; }

    /// <summary>
    /// Set by the evaluator on first use of a collection literal: its value when every element is a constant
    /// (<c>{"secret", "health"}</c>), built once instead of on every evaluation. Values are immutable, so one instance
    /// serves every query and thread.
    /// </summary>
    internal Value? GroundValue { get; set; }

    /// <summary>0 until the evaluator has looked; 1 when <see cref="GroundValue"/> holds the value; -1 when not constant.</summary>
    internal int GroundState;
}

/// <summary>A literal null, boolean, number or string.</summary>
public sealed class ScalarTerm : Term
{
    /// <summary>The literal's value.</summary>
    public required Value Value { get; init; }
}

/// <summary>A variable. The compiler gives each local variable a <see cref="Slot"/> in its rule's frame.</summary>
public sealed class VarTerm : Term
{
    /// <summary>The name as written (wildcards <c>_</c> are renamed <c>$_N</c>).</summary>
    public required string Name { get; set; }

    /// <summary>The frame slot, assigned by the compiler; -1 until then.</summary>
    public int Slot { get; set; } = -1;

    /// <summary>Whether this is a wildcard.</summary>
    public bool IsWildcard => Name.StartsWith("$_", StringComparison.Ordinal);
}

/// <summary>A reference: a head term followed by dot or bracket selections (<c>input.user.roles[i]</c>).</summary>
public sealed class RefTerm : Term
{
    /// <summary>The head: a variable (<c>data</c>, <c>input</c>, a local) or a collection or call.</summary>
    public required Term Head { get; set; }

    /// <summary>The selections after the head.</summary>
    public required List<Term> Path { get; init; }

    /// <summary>
    /// Set by the evaluator on first use of a <c>data</c> reference: the rule-tree node holding rules that its leading
    /// constant selections reach, so later evaluations skip the walk. Tied to <see cref="ResolvedIn"/>, the tree's root.
    /// </summary>
    internal Compiler.ResolvedReference? ResolvedIn { get; set; }

    /// <summary>Set by the evaluator on first use: 1 when a selection is a local variable (<c>x[i]</c>), -1 when none is, 0 before.</summary>
    internal int VariableSelectors;
}

/// <summary>An array literal.</summary>
public sealed class ArrayTerm : Term
{
    /// <summary>The elements.</summary>
    public required List<Term> Items { get; init; }
}

/// <summary>A set literal (<c>{1, 2}</c>, <c>set()</c>).</summary>
public sealed class SetTerm : Term
{
    /// <summary>The elements.</summary>
    public required List<Term> Items { get; init; }
}

/// <summary>An object literal.</summary>
public sealed class ObjectTerm : Term
{
    /// <summary>The key/value pairs.</summary>
    public required List<(Term Key, Term Value)> Items { get; init; }
}

/// <summary>A call of a builtin or user function; operators are calls of their builtin (<c>1 + 2</c> is <c>plus(1, 2)</c>).</summary>
public sealed class CallTerm : Term
{
    /// <summary>The operator as written: a dotted name (<c>count</c>, <c>strings.lower</c>, <c>data.lib.f</c>).</summary>
    public required string Operator { get; set; }

    /// <summary>The arguments.</summary>
    public required List<Term> Args { get; init; }

    /// <summary>Set by the compiler: the builtin, or null for a user function.</summary>
    public Builtins.Builtin? Builtin { get; set; }

    /// <summary>Set by the compiler for user functions: the function's full path under data.</summary>
    public Value[]? FunctionPath { get; set; }

    /// <summary>Set by the evaluator on the first call: the function's node, and the root of the tree it belongs to.</summary>
    internal Compiler.ResolvedFunction? ResolvedFunction { get; set; }
}

/// <summary>The three comprehension kinds.</summary>
public enum ComprehensionKind
{
    /// <summary><c>[head | body]</c>.</summary>
    Array,
    /// <summary><c>{head | body}</c>.</summary>
    Set,
    /// <summary><c>{key: value | body}</c>.</summary>
    Object,
}

/// <summary>A comprehension.</summary>
public sealed class ComprehensionTerm : Term
{
    /// <summary>Which kind.</summary>
    public required ComprehensionKind Kind { get; init; }

    /// <summary>The element (array, set) or key (object).</summary>
    public required Term Head { get; set; }

    /// <summary>The value, for object comprehensions.</summary>
    public Term? Value { get; set; }

    /// <summary>The body.</summary>
    public required Body Body { get; set; }
}
