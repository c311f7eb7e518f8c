using System.Collections.Concurrent;
using Gatehouse.Policy.Compiler;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Eval;

/// <summary>
/// Values of input-independent rules (see <see cref="ConstantRules"/>), computed by the first query that needs them and
/// shared by every later query of the same engine and data. Values are immutable, so sharing across threads is safe;
/// two threads racing on a cold entry compute the same value. Strict and lenient builtin-error modes are kept apart
/// because a failing builtin is an error in one and undefined in the other.
/// </summary>
internal sealed class SharedRuleValues
{
    private readonly ConcurrentDictionary<RuleNode, Value?> _lenient = new();
    private readonly ConcurrentDictionary<RuleNode, Value?> _strict = new();

    public SharedRuleValues(CompiledPolicy policy, Value data)
    {
        Constant = ConstantRules.Find(policy.Root);
        Data = data;
    }

    /// <summary>The nodes whose values may be shared.</summary>
    public IReadOnlySet<RuleNode> Constant { get; }

    /// <summary>The base documents the values were computed against; evaluation under <c>with data…</c> does not share.</summary>
    public Value Data { get; }

    /// <summary>The store for one builtin-error mode.</summary>
    public ConcurrentDictionary<RuleNode, Value?> For(bool strictBuiltinErrors) => strictBuiltinErrors ? _strict : _lenient;
}
