using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Builtins;

/// <summary>The type predicates <c>is_number</c>, <c>is_string</c>... and <c>type_name</c>.</summary>
public static class TypeChecks
{
    /// <summary>Registers the family.</summary>
    public static void Register(BuiltinRegistry registry)
    {
        var predicate = BuiltinSignature.Of(RegoType.Boolean, RegoType.Any);
        foreach (var kind in Enum.GetValues<ValueKind>())
        {
            var wanted = kind;
            registry.Register("is_" + Value.TypeNameOf(kind), predicate, (o, _) => BooleanValue.Of(o[0].Kind == wanted));
        }
        registry.Register("type_name", BuiltinSignature.Of(RegoType.String, RegoType.Any), (o, _) => new StringValue(o[0].TypeName));
    }
}
