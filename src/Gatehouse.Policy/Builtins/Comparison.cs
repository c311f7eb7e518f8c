using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Builtins;

/// <summary>The comparison operators (<c>== != &lt; &lt;= &gt; &gt;=</c>), defined over OPA's total order of all values.</summary>
public static class Comparison
{
    /// <summary>Registers the family.</summary>
    public static void Register(BuiltinRegistry registry)
    {
        var signature = BuiltinSignature.Of(RegoType.Boolean, RegoType.Any, RegoType.Any);
        registry.Register("equal", signature, (o, _) => BooleanValue.Of(o[0].Equals(o[1])));
        registry.Register("neq", signature, (o, _) => BooleanValue.Of(!o[0].Equals(o[1])));
        registry.Register("lt", signature, (o, _) => BooleanValue.Of(o[0].CompareTo(o[1]) < 0));
        registry.Register("lte", signature, (o, _) => BooleanValue.Of(o[0].CompareTo(o[1]) <= 0));
        registry.Register("gt", signature, (o, _) => BooleanValue.Of(o[0].CompareTo(o[1]) > 0));
        registry.Register("gte", signature, (o, _) => BooleanValue.Of(o[0].CompareTo(o[1]) >= 0));
    }
}
