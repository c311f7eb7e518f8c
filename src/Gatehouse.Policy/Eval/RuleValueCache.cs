using Gatehouse.Policy.Compiler;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Eval;

/// <summary>
/// The values of rule-tree nodes computed during one query (under one set of <c>with</c> replacements), indexed by
/// <see cref="RuleNode.Index"/>: an array slot per node instead of a growing hash table. A query's cache is rented
/// from its thread and returned at the end, and a generation stamp marks which slots are current, so a decision
/// allocates and clears nothing here however many rules the bundle has (its tests included).
/// </summary>
internal sealed class RuleValueCache
{
    [ThreadStatic] private static RuleValueCache? _spare;

    private Value?[] _values;
    private int[] _stamps;
    private int _generation = 1;
    // Results of pure functions called during the query, by function and arguments (see TryGetCall).
    private Dictionary<FunctionCall, Value?>? _calls;

    private RuleValueCache(int nodeCount)
    {
        _values = new Value?[nodeCount];
        _stamps = new int[nodeCount];
        InProgress = new bool[nodeCount];
    }

    /// <summary>
    /// Nodes whose rules are being evaluated (meeting one again is recursion). Every mark is cleared when its node
    /// finishes, so the array is all false whenever the cache is returned.
    /// </summary>
    public bool[] InProgress { get; private set; }

    /// <summary>Frames for the rule bodies of the query (see <see cref="FramePool"/>), reused by the thread's next query.</summary>
    public FramePool Frames { get; } = new();

    /// <summary>A cache for a query over a policy of <paramref name="nodeCount"/> nodes: the thread's spare one when it has one.</summary>
    public static RuleValueCache Rent(int nodeCount)
    {
        var cache = _spare;
        if (cache is null) return new RuleValueCache(nodeCount);
        _spare = null;
        if (cache._values.Length < nodeCount)
        {
            cache._values = new Value?[nodeCount];
            cache._stamps = new int[nodeCount];
            cache.InProgress = new bool[nodeCount];
            cache._generation = 1;
        }
        return cache;
    }

    /// <summary>A cache for the scope of a <c>with</c>: fresh, never pooled.</summary>
    public static RuleValueCache ForWith(int nodeCount) => new(nodeCount);

    /// <summary>Ends the query: every slot becomes stale, and the cache is the thread's spare again.</summary>
    public void Return()
    {
        if (++_generation == int.MaxValue)
        {
            Array.Clear(_stamps);
            _generation = 1;
        }
        if (_calls is { Count: > 0 }) _calls.Clear();
        // Drop references to the query's values only when it is cheap to; stale slots are never read.
        if (_values.Length <= 64) Array.Clear(_values);
        _spare = this;
    }

    /// <summary>Whether the node's value is known; <paramref name="value"/> is null when it is undefined.</summary>
    public bool TryGet(RuleNode node, out Value? value)
    {
        if (_stamps[node.Index] != _generation)
        {
            value = null;
            return false;
        }
        value = _values[node.Index];
        return true;
    }

    /// <summary>Records the node's value (null: undefined).</summary>
    public void Set(RuleNode node, Value? value)
    {
        _values[node.Index] = value;
        _stamps[node.Index] = _generation;
    }

    /// <summary>
    /// The result of an earlier call of the pure function <paramref name="node"/> with equal
    /// <paramref name="args"/> in this query (under this set of <c>with</c> replacements, which get a cache of their
    /// own); <paramref name="value"/> is null when that call was undefined.
    /// </summary>
    public bool TryGetCall(RuleNode node, Value[] args, out Value? value)
    {
        if (_calls is null)
        {
            value = null;
            return false;
        }
        return _calls.TryGetValue(new FunctionCall(node, args), out value);
    }

    /// <summary>Records a pure function's result (null: undefined) for its arguments, copied so the caller may reuse the array.</summary>
    public void SetCall(RuleNode node, Value[] args, Value? value) =>
        (_calls ??= []).TryAdd(new FunctionCall(node, (Value[])args.Clone()), value);

    /// <summary>A function and the values it is called with, compared structurally.</summary>
    private readonly struct FunctionCall(RuleNode node, Value[] args) : IEquatable<FunctionCall>
    {
        private readonly RuleNode _node = node;
        private readonly Value[] _args = args;

        public bool Equals(FunctionCall other)
        {
            if (!ReferenceEquals(_node, other._node) || _args.Length != other._args.Length) return false;
            for (var i = 0; i < _args.Length; i++)
                if (!_args[i].Equals(other._args[i])) return false;
            return true;
        }

        public override bool Equals(object? obj) => obj is FunctionCall other && Equals(other);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            hash.Add(_node.Index);
            foreach (var arg in _args) hash.Add(arg);
            return hash.ToHashCode();
        }
    }
}
