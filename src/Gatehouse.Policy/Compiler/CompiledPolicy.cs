using Gatehouse.Policy.Ast;
using Gatehouse.Policy.Builtins;

namespace Gatehouse.Policy.Compiler;

/// <summary>
/// The result of compiling a set of modules: the rule tree under <c>data</c>, ready for evaluation. Immutable and safe
/// to share between threads; evaluate it as often as needed.
/// </summary>
public sealed class CompiledPolicy
{
    internal CompiledPolicy(RuleNode root, IReadOnlyList<Module> modules, BuiltinRegistry builtins)
    {
        Root = root;
        Modules = modules;
        Builtins = builtins;
        var pending = new Stack<RuleNode>([root]);
        while (pending.TryPop(out var node))
        {
            node.Index = NodeCount++;
            foreach (var child in node.Children.Values) pending.Push(child);
        }
    }

    /// <summary>How many nodes the rule tree has; <see cref="RuleNode.Index"/> runs from 0 to this.</summary>
    internal int NodeCount { get; }

    /// <summary>The root of the rule tree (the node for <c>data</c>).</summary>
    public RuleNode Root { get; }

    /// <summary>The compiled modules.</summary>
    public IReadOnlyList<Module> Modules { get; }

    /// <summary>The builtins calls were bound against.</summary>
    public BuiltinRegistry Builtins { get; }
}

/// <summary>A compiled query: its body in evaluation order, its frame size and the variables it reports.</summary>
public sealed class CompiledQuery
{
    internal CompiledQuery(string text, Body body, int slotCount, IReadOnlyDictionary<string, int> vars)
    {
        Text = text;
        Body = body;
        SlotCount = slotCount;
        Vars = vars;
    }

    /// <summary>The query as written.</summary>
    public string Text { get; }

    /// <summary>The body, reordered for safety.</summary>
    public Body Body { get; }

    /// <summary>The number of frame slots.</summary>
    public int SlotCount { get; }

    /// <summary>User-visible variables (not wildcards) and their slots, reported as bindings.</summary>
    public IReadOnlyDictionary<string, int> Vars { get; }
}
