using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Builtins;

/// <summary>
/// <c>rand.intn(key, n)</c>: a random integer in <c>[0, |n|)</c>, the same for equal <c>key</c> and <c>n</c> within one
/// query (so a rule reads one value however often it asks), different across queries.
/// </summary>
public static class RandomNumbers
{
    /// <summary>Registers the family.</summary>
    public static void Register(BuiltinRegistry registry) =>
        registry.Register("rand.intn", BuiltinSignature.Of(RegoType.Number, RegoType.String, RegoType.Number), (o, context) =>
        {
            var key = Operand.String("rand.intn", o, 0);
            var bound = System.Numerics.BigInteger.Abs(OperandChecks.Integer("rand.intn", o, 1));
            if (bound.IsZero) return NumberValue.Zero;
            if (bound > long.MaxValue) throw BuiltinException.Error("rand.intn", "operand 2 is too large");
            return (Value)context.Cache.GetOrAdd(("rand.intn", key, bound), _ => NumberValue.Of(Random.Shared.NextInt64((long)bound)));
        }, nondeterministic: true);
}
