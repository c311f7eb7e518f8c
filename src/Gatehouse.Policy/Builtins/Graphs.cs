using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Builtins;

/// <summary>
/// <c>graph.reachable</c> and <c>graph.reachable_paths</c> over an object mapping each node to an array or set of
/// neighbours. A missing or null edge list means no edges; a neighbour that is not a key ends its path.
/// </summary>
public static class Graphs
{
    /// <summary>Registers the family.</summary>
    public static void Register(BuiltinRegistry registry)
    {
        var nodes = RegoType.AnyOf(RegoType.ArrayOf(RegoType.Any), RegoType.SetOf(RegoType.Any));
        var graph = RegoType.ObjectOf(RegoType.Any, nodes);
        registry.Register("graph.reachable", BuiltinSignature.Of(RegoType.SetOf(RegoType.Any), graph, nodes), Reachable);
        registry.Register("graph.reachable_paths", BuiltinSignature.Of(RegoType.SetOf(RegoType.ArrayOf(RegoType.Any)), graph, nodes), ReachablePaths);
    }

    private static IEnumerable<Value> Edges(Value? edges) => edges switch
    {
        ArrayValue a => a,
        SetValue s => s,
        _ => [],
    };

    private static Value Reachable(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        var graph = Operand.Object("graph.reachable", operands, 0);
        var pending = new Queue<Value>(Operand.ArrayOrSet("graph.reachable", operands, 1));
        var reached = new HashSet<Value>();
        while (pending.TryDequeue(out var node))
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (!graph.ContainsKey(node) || !reached.Add(node)) continue;
            foreach (var next in Edges(graph.Get(node))) pending.Enqueue(next);
        }
        return SetValue.FromOwned(reached);
    }

    private static Value ReachablePaths(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        var graph = Operand.Object("graph.reachable_paths", operands, 0);
        var paths = new HashSet<Value>();
        foreach (var start in Operand.ArrayOrSet("graph.reachable_paths", operands, 1))
            Walk(graph, start, [], [start], paths, context);
        return SetValue.FromOwned(paths);
    }

    /// <summary>
    /// Depth-first from <paramref name="node"/>. A path ends at a node without edges, before a neighbour that is not in
    /// the graph, or before a neighbour already reached. Each branch gets its own copy of the reached set, taken when
    /// the branch starts, so earlier siblings' neighbours count as reached but their descendants do not.
    /// </summary>
    private static void Walk(ObjectValue graph, Value node, List<Value> path, HashSet<Value> reached, HashSet<Value> paths, BuiltinContext context)
    {
        context.CancellationToken.ThrowIfCancellationRequested();
        if (!graph.ContainsKey(node))
        {
            if (path.Count > 0) paths.Add(new ArrayValue(path.ToArray()));
            return;
        }
        var here = new List<Value>(path) { node };
        var neighbours = Edges(graph.Get(node)).ToList();
        if (neighbours.Count == 0)
        {
            paths.Add(new ArrayValue(here.ToArray()));
            return;
        }
        foreach (var next in neighbours)
        {
            if (!reached.Add(next))
            {
                paths.Add(new ArrayValue(here.ToArray()));
                continue;
            }
            Walk(graph, next, here, [.. reached], paths, context);
        }
    }
}
