using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Builtins;

/// <summary>
/// <c>walk(x, [path, value])</c>: relates every nested document of <c>x</c> to its path, parents before children,
/// children in sorted order. Set members appear in paths as themselves.
/// </summary>
public static class Walk
{
    /// <summary>Registers the family.</summary>
    public static void Register(BuiltinRegistry registry) =>
        registry.RegisterRelation("walk", BuiltinSignature.Of(RegoType.ArrayOf(RegoType.Any), RegoType.Any), (o, context) => Pairs(o[0], [], context));

    /// <summary>Every <c>[path, value]</c> pair under <paramref name="root"/>.</summary>
    public static IEnumerable<Value> Pairs(Value root, Value[] prefix, BuiltinContext context)
    {
        var pending = new Stack<(Value[] Path, Value Value)>();
        pending.Push((prefix, root));
        while (pending.TryPop(out var item))
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            yield return new ArrayValue([new ArrayValue(item.Path), item.Value]);
            var children = item.Value switch
            {
                ArrayValue a => a.Select((v, i) => ((Value)NumberValue.Of(i), v)),
                ObjectValue o => o.Select(p => (p.Key, p.Value)),
                SetValue s => s.Select(v => (v, v)),
                _ => [],
            };
            foreach (var (key, value) in children.Reverse()) pending.Push(([.. item.Path, key], value));
        }
    }
}
