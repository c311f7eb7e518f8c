using Gatehouse.Policy.Compiler;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Eval;

/// <summary>
/// Rule values shared by every query of one engine and data (see <see cref="InputDependencies"/>): input-independent
/// rules, computed by the first query that needs them, and rules that read only a few input paths, memoised per
/// distinct value of those paths. Values are immutable, so sharing across threads is safe; two threads racing on a
/// cold entry compute the same value. Strict and lenient builtin-error modes are kept apart because a failing builtin
/// is an error in one and undefined in the other.
/// </summary>
internal sealed class SharedRuleValues
{
    /// <summary>The most input paths a memoised node may read; more make the key cost as much as the rule.</summary>
    private const int MaxKeyedPaths = 6;

    // Everything per node is held in arrays indexed by RuleNode.Index: a decision asks about each node it evaluates,
    // and an array read costs a fraction of a hash lookup.
    private readonly bool[] _constant;
    private readonly bool[] _pure;
    private readonly SharedValue?[] _lenient;
    private readonly SharedValue?[] _strict;
    private readonly InputKeyedValues?[] _keyedLenient;
    private readonly InputKeyedValues?[] _keyedStrict;

    public SharedRuleValues(CompiledPolicy policy, Value data)
    {
        var dependencies = InputDependencies.Find(policy.Root);
        _constant = new bool[policy.NodeCount];
        foreach (var (node, (paths, _)) in dependencies)
            _constant[node.Index] = paths.Length == 0;
        _lenient = new SharedValue?[policy.NodeCount];
        _strict = new SharedValue?[policy.NodeCount];
        _keyedLenient = new InputKeyedValues?[policy.NodeCount];
        _keyedStrict = new InputKeyedValues?[policy.NodeCount];
        var numbers = new Dictionary<InputPath, int>();
        foreach (var (node, (paths, iterates)) in dependencies)
        {
            // A rule that does not iterate costs about what its key would: evaluating it is as cheap as looking it up.
            if (paths.Length is 0 or > MaxKeyedPaths || !iterates) continue;
            var indexes = paths.Select(p => numbers.TryGetValue(p, out var n) ? n : numbers[p] = numbers.Count).ToArray();
            _keyedLenient[node.Index] = new InputKeyedValues(indexes);
            _keyedStrict[node.Index] = new InputKeyedValues(indexes);
        }
        KeyPaths = [.. numbers.OrderBy(n => n.Value).Select(n => n.Key)];
        _pure = new bool[policy.NodeCount];
        foreach (var node in InputDependencies.PureFunctions(policy.Root)) _pure[node.Index] = true;
        Data = data;
    }

    /// <summary>Every input path a memoised node is keyed on, numbered as the memos refer to them.</summary>
    public InputPath[] KeyPaths { get; }

    /// <summary>The base documents the values were computed against; evaluation under <c>with data…</c> does not share.</summary>
    public Value Data { get; }

    /// <summary>Whether the node's value is input-independent, so that one value serves every query.</summary>
    public bool IsConstant(RuleNode node) => _constant[node.Index];

    /// <summary>
    /// Whether the node is a function whose result depends on its arguments, <c>input</c> and <c>data</c> only (no
    /// <c>print</c>, nondeterministic builtin, <c>with</c> or recursion): a repeated call with equal arguments in one
    /// query may reuse the first result.
    /// </summary>
    public bool IsPure(RuleNode node) => _pure[node.Index];

    /// <summary>The shared value of a constant node, once a query has computed it (null: undefined).</summary>
    public bool TryGetConstant(RuleNode node, bool strictBuiltinErrors, out Value? value)
    {
        var stored = Volatile.Read(ref (strictBuiltinErrors ? _strict : _lenient)[node.Index]);
        value = stored?.Value;
        return stored is not null;
    }

    /// <summary>Records a constant node's value; racing queries compute the same value, so the last write is as good as the first.</summary>
    public void StoreConstant(RuleNode node, bool strictBuiltinErrors, Value? value) =>
        Volatile.Write(ref (strictBuiltinErrors ? _strict : _lenient)[node.Index], new SharedValue(value));

    /// <summary>The memo of a node that reads a few input paths, or null.</summary>
    public InputKeyedValues? Keyed(RuleNode node, bool strictBuiltinErrors) =>
        (strictBuiltinErrors ? _keyedStrict : _keyedLenient)[node.Index];

    /// <summary>A computed value, boxed so that "undefined" (null inside) differs from "not computed yet" (no box).</summary>
    private sealed record SharedValue(Value? Value);
}
