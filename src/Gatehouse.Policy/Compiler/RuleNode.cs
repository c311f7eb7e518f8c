using Gatehouse.Policy.Ast;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Compiler;

/// <summary>
/// A node of the rule tree: the virtual documents under <c>data</c>, keyed by path segment. A node holds the rules
/// whose ground path ends here and the nodes below it. Built once per compile; read-only afterwards.
/// </summary>
public sealed class RuleNode
{
    internal RuleNode(Value[] path) => Path = path;

    /// <summary>The node's number in its compiled policy (0 for the root), for per-query arrays indexed by node.</summary>
    internal int Index { get; set; }

    /// <summary>The path under <c>data</c>.</summary>
    public Value[] Path { get; }

    /// <summary>Child nodes by key.</summary>
    public Dictionary<Value, RuleNode> Children { get; } = [];

    /// <summary>The rules defined at this path (not counting their else branches).</summary>
    public List<Rule> Rules { get; } = [];

    /// <summary>The default rule, if any.</summary>
    public Rule? Default { get; internal set; }

    /// <summary>Whether this node holds functions.</summary>
    public bool IsFunction => Rules.Count > 0 && Rules[0].Kind == RuleKind.Function || Default is { Args: not null };

    /// <summary>Whether any rule is defined at or below this node.</summary>
    public bool HasRules => Rules.Count > 0 || Default is not null || Children.Count > 0;

    /// <summary>The path as text: <c>data.a.b</c>.</summary>
    public string DisplayPath => "data" + string.Concat(Path.Select(p => p is StringValue s ? "." + s.Value : "[" + p + "]"));

    internal RuleNode Child(Value key)
    {
        if (!Children.TryGetValue(key, out var child))
        {
            child = new RuleNode([.. Path, key]);
            Children[key] = child;
        }
        return child;
    }

    /// <summary>The node at <paramref name="path"/> below this one, or null.</summary>
    public RuleNode? Find(IEnumerable<Value> path)
    {
        var node = this;
        foreach (var key in path)
            if (!node.Children.TryGetValue(key, out node!)) return null;
        return node;
    }

    /// <summary><see cref="Find"/> for an array path without an enumerator (function calls look their node up on every call).</summary>
    internal RuleNode? FindPath(Value[] path)
    {
        var node = this;
        foreach (var key in path)
            if (!node.Children.TryGetValue(key, out node!)) return null;
        return node;
    }
}
