using Gatehouse.Policy.Compiler;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Eval;

/// <summary>
/// The values of rule-tree nodes computed during one query (under one set of <c>with</c> replacements), indexed by
/// <see cref="RuleNode.Index"/>: an array slot per node instead of a growing hash table, so the per-request cost is
/// one allocation and no hashing.
/// </summary>
internal sealed class RuleValueCache
{
    private static readonly object Undefined = new();
    private readonly object?[] _values;

    public RuleValueCache(int nodeCount) => _values = new object?[nodeCount];

    /// <summary>Whether the node's value is known; <paramref name="value"/> is null when it is undefined.</summary>
    public bool TryGet(RuleNode node, out Value? value)
    {
        var stored = _values[node.Index];
        value = stored as Value;
        return stored is not null;
    }

    /// <summary>Records the node's value (null: undefined).</summary>
    public void Set(RuleNode node, Value? value) => _values[node.Index] = (object?)value ?? Undefined;
}
