using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Builtins;

/// <summary>The set operators <c>|</c> (<c>or</c>, union) and <c>&amp;</c> (<c>and</c>, intersection).</summary>
public static class SetOperators
{
    /// <summary>Registers the family.</summary>
    public static void Register(BuiltinRegistry registry)
    {
        var set = RegoType.SetOf(RegoType.Any);
        var signature = BuiltinSignature.Of(set, set, set);
        registry.Register("or", signature, (o, _) => Operand.Set("or", o, 0).Union(Operand.Set("or", o, 1)));
        registry.Register("and", signature, (o, _) => Operand.Set("and", o, 0).Intersect(Operand.Set("and", o, 1)));
    }
}
