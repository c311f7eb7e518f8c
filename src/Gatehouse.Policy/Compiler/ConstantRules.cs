using Gatehouse.Policy.Ast;

namespace Gatehouse.Policy.Compiler;

/// <summary>
/// Finds the rule-tree nodes whose value cannot change between queries of one engine: nothing in their rules (or in
/// the rules and functions they reach) reads <c>input</c>, calls a nondeterministic builtin, has a side effect or uses
/// <c>with</c>. Such values (role tables, entity categories, anything computed from data alone) are computed once per
/// engine instead of once per request. The analysis is conservative: recursion, whole-<c>data</c> reads and anything
/// unresolved count as not constant.
/// </summary>
internal sealed class ConstantRules
{
    private readonly RuleNode _root;
    private readonly Dictionary<RuleNode, bool> _known = [];
    private readonly HashSet<RuleNode> _visiting = [];

    private ConstantRules(RuleNode root) => _root = root;

    /// <summary>Every node below <paramref name="root"/> whose value is the same for every input.</summary>
    public static IReadOnlySet<RuleNode> Find(RuleNode root)
    {
        var analysis = new ConstantRules(root);
        var constant = new HashSet<RuleNode>();
        var pending = new Stack<RuleNode>([root]);
        while (pending.TryPop(out var node))
        {
            if ((node.Rules.Count > 0 || node.Default is not null) && !node.IsFunction && analysis.IsConstant(node)) constant.Add(node);
            foreach (var child in node.Children.Values) pending.Push(child);
        }
        return constant;
    }

    private bool IsConstant(RuleNode node)
    {
        if (_known.TryGetValue(node, out var known)) return known;
        if (!_visiting.Add(node)) return false;
        var result = node.Rules.TrueForAll(IsConstant)
            && (node.Default is null || IsConstant(node.Default))
            && node.Children.Values.All(IsConstant);
        _visiting.Remove(node);
        _known[node] = result;
        return result;
    }

    private bool IsConstant(Rule rule)
    {
        for (var r = rule; r is not null; r = r.Else)
        {
            if (r.Key is not null && !IsConstant(r.Key)) return false;
            if (r.Value is not null && !IsConstant(r.Value)) return false;
            if (r.Args is not null && !r.Args.TrueForAll(IsConstant)) return false;
            if (!r.Suffix.TrueForAll(IsConstant) || !IsConstant(r.Body)) return false;
        }
        return true;
    }

    private bool IsConstant(Body body)
    {
        foreach (var expr in body.Exprs)
        {
            if (expr.With.Count > 0) return false;
            var constant = expr switch
            {
                TermExpr t => IsConstant(t.Term),
                UnifyExpr u => IsConstant(u.Left) && IsConstant(u.Right),
                SomeDeclExpr => true,
                SomeInExpr s => (s.Key is null || IsConstant(s.Key)) && IsConstant(s.Value) && IsConstant(s.Collection),
                EveryExpr e => IsConstant(e.Domain) && IsConstant(e.Body),
                _ => false,
            };
            if (!constant) return false;
        }
        return true;
    }

    private bool IsConstant(Term term) => term switch
    {
        ScalarTerm => true,
        VarTerm v => v.Slot is not (Roots.Input or Roots.Data),
        RefTerm r => IsConstantRef(r),
        ArrayTerm a => a.Items.TrueForAll(IsConstant),
        SetTerm s => s.Items.TrueForAll(IsConstant),
        ObjectTerm o => o.Items.TrueForAll(item => IsConstant(item.Key) && IsConstant(item.Value)),
        CallTerm c => IsConstantCall(c),
        ComprehensionTerm c => IsConstant(c.Head) && (c.Value is null || IsConstant(c.Value)) && IsConstant(c.Body),
        _ => false,
    };

    private bool IsConstantRef(RefTerm reference)
    {
        if (!reference.Path.TrueForAll(IsConstant)) return false;
        if (reference.Head is not VarTerm { Slot: Roots.Data }) return IsConstant(reference.Head);
        // Follow the ground prefix down the rule tree: the first node with rules decides, or, where the path turns
        // dynamic above any rule, the whole subtree it may reach. Paths that leave the tree read base data only.
        var node = _root;
        foreach (var selector in reference.Path)
        {
            if (node.Rules.Count > 0 || node.Default is not null) return IsConstant(node);
            if (selector is not ScalarTerm key) return IsConstant(node);
            if (!node.Children.TryGetValue(key.Value, out var child)) return true;
            node = child;
        }
        return node != _root && IsConstant(node);
    }

    private bool IsConstantCall(CallTerm call)
    {
        if (!call.Args.TrueForAll(IsConstant)) return false;
        if (call.Operator is "print" or "trace") return false;
        if (call.Builtin is { } builtin) return !builtin.Nondeterministic;
        return call.FunctionPath is { } path && _root.Find(path) is { } node && IsConstant(node);
    }
}
