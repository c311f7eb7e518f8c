namespace Gatehouse.Policy.Compiler;

/// <summary>
/// Where a <c>data</c> reference's leading constant selections lead in one rule tree: the node holding rules and how
/// many selections reach it (<see cref="Depth"/> -1: no such node). Cached on the term; an immutable object, so that
/// threads sharing a compiled policy read either no cache entry or a whole one.
/// </summary>
internal sealed record ResolvedReference(RuleNode Root, RuleNode Node, int Depth);

/// <summary>The definitions a user-function call site calls in one rule tree (null: none). Cached on the term, as above.</summary>
internal sealed record ResolvedFunction(RuleNode Root, RuleNode? Node)
{
    /// <summary>How many arguments the function's definitions take (null when it has none), worked out once per call site.</summary>
    public int? Arity { get; } = (Node?.Rules.Count > 0 ? Node.Rules[0].Args?.Count : null) ?? Node?.Default?.Args?.Count;
}
