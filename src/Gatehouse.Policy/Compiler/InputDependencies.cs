using Gatehouse.Policy.Ast;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Compiler;

/// <summary>
/// A part of <c>input</c> a rule reads: the value at <see cref="Path"/>. When <see cref="Guard"/> is set, the rule
/// also depends on whether the value at the first <see cref="Guard"/> keys is an object (<c>object.get</c> on a
/// non-object is an error, on an object without the key its default).
/// </summary>
internal sealed record InputPath(Value[] Path, int? Guard = null)
{
    /// <summary>Structural equality, so that equal paths read by different rules can share one lookup.</summary>
    public bool Equals(InputPath? other) =>
        other is not null && Guard == other.Guard && Path.AsSpan().SequenceEqual(other.Path);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Guard);
        foreach (var key in Path) hash.Add(key);
        return hash.ToHashCode();
    }
}

/// <summary>
/// What a node's value depends on: the input paths, and whether its own rules iterate (loops, comprehensions, partial
/// rules, function calls), which is what makes a value worth memoising rather than recomputing.
/// </summary>
internal sealed record NodeDependencies(InputPath[] Paths, bool Iterates);

/// <summary>
/// For each rule-tree node, which parts of <c>input</c> its value can depend on: the ground input paths its rules (and
/// the rules and functions they reach) read. A node with no dependencies is input-independent and computed once per
/// engine; a node with a few is worth memoising per distinct value of those paths (per-role tables, entity lists).
/// A node reading <c>input</c> as a whole or through a dynamic key, calling a nondeterministic builtin, <c>print</c>
/// or <c>trace</c>, using <c>with</c>, or reaching recursion gets no entry (its value must be computed per query).
/// </summary>
internal sealed class InputDependencies
{
    private readonly RuleNode _root;
    private readonly Dictionary<RuleNode, List<InputPath>?> _known = [];
    private readonly HashSet<RuleNode> _visiting = [];
    private readonly Dictionary<RuleNode, bool> _iterates = [];
    private bool _iterating;

    private InputDependencies(RuleNode root) => _root = root;

    /// <summary>Every node below <paramref name="root"/> holding rules (functions excluded) whose dependencies are bounded.</summary>
    public static Dictionary<RuleNode, NodeDependencies> Find(RuleNode root)
    {
        var analysis = new InputDependencies(root);
        var found = new Dictionary<RuleNode, NodeDependencies>();
        var pending = new Stack<RuleNode>([root]);
        while (pending.TryPop(out var node))
        {
            if ((node.Rules.Count > 0 || node.Default is not null) && !node.IsFunction && analysis.Of(node) is { } paths)
                found[node] = new NodeDependencies(Minimal(paths), analysis._iterates[node]);
            foreach (var child in node.Children.Values) pending.Push(child);
        }
        return found;
    }

    /// <summary>
    /// Every function node below <paramref name="root"/> whose rules (and what they reach) read <c>input</c> only
    /// through ground paths and call no <c>print</c>, <c>trace</c> or nondeterministic builtin and use no
    /// <c>with</c>: its result is determined by its arguments within one query.
    /// </summary>
    public static HashSet<RuleNode> PureFunctions(RuleNode root)
    {
        var analysis = new InputDependencies(root);
        var pure = new HashSet<RuleNode>();
        var pending = new Stack<RuleNode>([root]);
        while (pending.TryPop(out var node))
        {
            if (node.IsFunction && analysis.Of(node) is not null) pure.Add(node);
            foreach (var child in node.Children.Values) pending.Push(child);
        }
        return pure;
    }

    /// <summary>Drops duplicates and paths below another path (reading <c>input.a</c> covers <c>input.a.b</c>).</summary>
    private static InputPath[] Minimal(List<InputPath> paths)
    {
        var kept = new List<InputPath>();
        foreach (var path in paths.OrderBy(p => p.Path.Length))
        {
            if (kept.Any(k => Covers(k, path))) continue;
            kept.Add(path);
        }
        return [.. kept];
    }

    private static bool Covers(InputPath outer, InputPath inner)
    {
        if (outer.Path.Length > inner.Path.Length) return false;
        for (var i = 0; i < outer.Path.Length; i++)
            if (!outer.Path[i].Equals(inner.Path[i])) return false;
        // A guard checks the type of a value on the path: the outer value covers it only when it contains that value
        // or makes the same check.
        return inner.Guard is null || inner.Guard >= outer.Path.Length || inner.Guard == outer.Guard;
    }

    private List<InputPath>? Of(RuleNode node)
    {
        if (_known.TryGetValue(node, out var known)) return known;
        if (!_visiting.Add(node)) return null;
        var paths = new List<InputPath>();
        var outer = _iterating;
        _iterating = node.Rules.Exists(r => r.Kind is RuleKind.PartialSet or RuleKind.PartialObject);
        var bounded = node.Rules.TrueForAll(r => Collect(r, paths))
            && (node.Default is null || Collect(node.Default, paths))
            && node.Children.Values.All(child => Include(Of(child), paths));
        _iterates[node] = _iterating;
        _iterating = outer;
        _visiting.Remove(node);
        var result = bounded ? paths : null;
        _known[node] = result;
        return result;
    }

    private static bool Include(List<InputPath>? paths, List<InputPath> into)
    {
        if (paths is null) return false;
        into.AddRange(paths);
        return true;
    }

    private bool Collect(Rule rule, List<InputPath> into)
    {
        for (var r = rule; r is not null; r = r.Else)
        {
            if (r.Key is not null && !Collect(r.Key, into)) return false;
            if (r.Value is not null && !Collect(r.Value, into)) return false;
            if (r.Args is not null && !r.Args.TrueForAll(a => Collect(a, into))) return false;
            if (!r.Suffix.TrueForAll(s => Collect(s, into)) || !Collect(r.Body, into)) return false;
        }
        return true;
    }

    private bool Collect(Body body, List<InputPath> into)
    {
        foreach (var expr in body.Exprs)
        {
            if (expr.With.Count > 0) return false;
            var bounded = expr switch
            {
                TermExpr t => Collect(t.Term, into),
                UnifyExpr u => Collect(u.Left, into) && Collect(u.Right, into),
                SomeDeclExpr => true,
                SomeInExpr s => Iterate() && (s.Key is null || Collect(s.Key, into)) && Collect(s.Value, into) && Collect(s.Collection, into),
                EveryExpr e => Iterate() && Collect(e.Domain, into) && Collect(e.Body, into),
                _ => false,
            };
            if (!bounded) return false;
        }
        return true;
    }

    private bool Collect(Term term, List<InputPath> into) => term switch
    {
        ScalarTerm => true,
        VarTerm v => v.Slot is not (Roots.Input or Roots.Data),
        RefTerm r => CollectRef(r, into),
        ArrayTerm a => a.Items.TrueForAll(i => Collect(i, into)),
        SetTerm s => s.Items.TrueForAll(i => Collect(i, into)),
        ObjectTerm o => o.Items.TrueForAll(item => Collect(item.Key, into) && Collect(item.Value, into)),
        CallTerm c => CollectCall(c, into),
        ComprehensionTerm c => Iterate() && Collect(c.Head, into) && (c.Value is null || Collect(c.Value, into)) && Collect(c.Body, into),
        _ => false,
    };

    private bool CollectRef(RefTerm reference, List<InputPath> into)
    {
        if (!reference.Path.TrueForAll(p => p is ScalarTerm)) _iterating = true;
        if (!reference.Path.TrueForAll(p => Collect(p, into))) return false;
        if (reference.Head is VarTerm { Slot: Roots.Input })
        {
            var prefix = GroundPrefix(reference.Path);
            if (prefix.Length == 0) return false;
            into.Add(new InputPath(prefix));
            return true;
        }
        if (reference.Head is not VarTerm { Slot: Roots.Data }) return Collect(reference.Head, into);
        // Follow the ground prefix down the rule tree: the first node with rules decides, or, where the path turns
        // dynamic above any rule, the whole subtree it may reach. Paths that leave the tree read base data only.
        var node = _root;
        foreach (var selector in reference.Path)
        {
            if (node.Rules.Count > 0 || node.Default is not null) return Include(Of(node), into);
            if (selector is not ScalarTerm key) return Include(Of(node), into);
            if (!node.Children.TryGetValue(key.Value, out var child)) return true;
            node = child;
        }
        return node != _root && Include(Of(node), into);
    }

    /// <summary>Notes that the rule being analysed iterates; true, to chain in a condition.</summary>
    private bool Iterate() => _iterating = true;

    private static Value[] GroundPrefix(List<Term> path)
    {
        var length = 0;
        while (length < path.Count && path[length] is ScalarTerm) length++;
        var prefix = new Value[length];
        for (var i = 0; i < length; i++) prefix[i] = ((ScalarTerm)path[i]).Value;
        return prefix;
    }

    private bool CollectCall(CallTerm call, List<InputPath> into)
    {
        if (call.Operator is "print" or "trace") return false;
        if (call.Builtin is { Nondeterministic: true }) return false;
        if (call.Operator == "object.get" && ObjectGetPath(call) is { } read)
        {
            into.Add(read);
            return call.Args.Skip(1).All(a => Collect(a, into));
        }
        if (!call.Args.TrueForAll(a => Collect(a, into))) return false;
        if (call.Builtin is not null) return true;
        _iterating = true;
        return call.FunctionPath is { } path && _root.Find(path) is { } node && Include(Of(node), into);
    }

    /// <summary>
    /// <c>object.get(input.a, "b", d)</c> or <c>object.get(input, ["a", "b"], d)</c> with a ground key reads only
    /// <c>input.a.b</c> (and whether the object is one), not the whole object it is given.
    /// </summary>
    private static InputPath? ObjectGetPath(CallTerm call)
    {
        if (call.Args.Count != 3) return null;
        Value[] prefix;
        switch (call.Args[0])
        {
            case VarTerm { Slot: Roots.Input }:
                prefix = [];
                break;
            case RefTerm { Head: VarTerm { Slot: Roots.Input } } r when r.Path.TrueForAll(p => p is ScalarTerm):
                prefix = GroundPrefix(r.Path);
                break;
            default:
                return null;
        }
        Value[] keys;
        switch (call.Args[1])
        {
            case ScalarTerm key:
                keys = [key.Value];
                break;
            case ArrayTerm array when array.Items.Count > 0 && array.Items.TrueForAll(i => i is ScalarTerm):
                keys = [.. array.Items.Select(i => ((ScalarTerm)i).Value)];
                break;
            default:
                return null;
        }
        return new InputPath([.. prefix, .. keys], prefix.Length);
    }
}
