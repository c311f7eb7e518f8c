using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Builtins;

/// <summary><c>array.concat array.slice array.reverse array.flatten</c>.</summary>
public static class Arrays
{
    /// <summary>Registers the family.</summary>
    public static void Register(BuiltinRegistry registry)
    {
        var array = RegoType.ArrayOf(RegoType.Any);
        registry.Register("array.concat", BuiltinSignature.Of(array, array, array), (o, _) =>
        {
            var left = Operand.Array("array.concat", o, 0);
            var right = Operand.Array("array.concat", o, 1);
            return new ArrayValue([.. left, .. right]);
        });
        registry.Register("array.slice", BuiltinSignature.Of(array, array, RegoType.Number, RegoType.Number), Slice);
        registry.Register("array.reverse", BuiltinSignature.Of(array, array), (o, _) =>
            new ArrayValue(Operand.Array("array.reverse", o, 0).Reverse().ToArray()));
        registry.Register("array.flatten", BuiltinSignature.Of(array, array), (o, _) =>
            new ArrayValue(Operand.Array("array.flatten", o, 0).SelectMany(v => v as ArrayValue ?? (IEnumerable<Value>)[v]).ToArray()));
    }

    /// <summary>Indices are clamped to the array; an empty range gives an empty array (never an error).</summary>
    private static Value Slice(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        var array = Operand.Array("array.slice", operands, 0);
        var start = Clamp(OperandChecks.Integer("array.slice", operands, 1), array.Count);
        var stop = Clamp(OperandChecks.Integer("array.slice", operands, 2), array.Count);
        return start >= stop ? ArrayValue.Empty : new ArrayValue(array.Skip(start).Take(stop - start).ToArray());
    }

    private static int Clamp(System.Numerics.BigInteger index, int count) => index < 0 ? 0 : index > count ? count : (int)index;
}
