using System.Collections.Concurrent;
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

    private readonly ConcurrentDictionary<RuleNode, Value?> _lenient = new();
    private readonly ConcurrentDictionary<RuleNode, Value?> _strict = new();
    private readonly Dictionary<RuleNode, InputKeyedValues> _keyedLenient = [];
    private readonly Dictionary<RuleNode, InputKeyedValues> _keyedStrict = [];

    public SharedRuleValues(CompiledPolicy policy, Value data)
    {
        var dependencies = InputDependencies.Find(policy.Root);
        Constant = dependencies.Where(d => d.Value.Paths.Length == 0).Select(d => d.Key).ToHashSet();
        var numbers = new Dictionary<InputPath, int>();
        foreach (var (node, (paths, iterates)) in dependencies)
        {
            // A rule that does not iterate costs about what its key would: evaluating it is as cheap as looking it up.
            if (paths.Length is 0 or > MaxKeyedPaths || !iterates) continue;
            var indexes = paths.Select(p => numbers.TryGetValue(p, out var n) ? n : numbers[p] = numbers.Count).ToArray();
            _keyedLenient[node] = new InputKeyedValues(indexes);
            _keyedStrict[node] = new InputKeyedValues(indexes);
        }
        KeyPaths = [.. numbers.OrderBy(n => n.Value).Select(n => n.Key)];
        PureFunctions = InputDependencies.PureFunctions(policy.Root);
        Data = data;
    }

    /// <summary>Every input path a memoised node is keyed on, numbered as the memos refer to them.</summary>
    public InputPath[] KeyPaths { get; }

    /// <summary>
    /// The functions whose result depends on their arguments, <c>input</c> and <c>data</c> only (no <c>print</c>,
    /// nondeterministic builtin, <c>with</c> or recursion): a repeated call with equal arguments in one query may reuse
    /// the first result.
    /// </summary>
    public IReadOnlySet<RuleNode> PureFunctions { get; }

    /// <summary>The nodes whose values may be shared.</summary>
    public IReadOnlySet<RuleNode> Constant { get; }

    /// <summary>The base documents the values were computed against; evaluation under <c>with data…</c> does not share.</summary>
    public Value Data { get; }

    /// <summary>The store for one builtin-error mode.</summary>
    public ConcurrentDictionary<RuleNode, Value?> For(bool strictBuiltinErrors) => strictBuiltinErrors ? _strict : _lenient;

    /// <summary>The memo of a node that reads a few input paths, or null.</summary>
    public InputKeyedValues? Keyed(RuleNode node, bool strictBuiltinErrors) =>
        (strictBuiltinErrors ? _keyedStrict : _keyedLenient).GetValueOrDefault(node);
}
