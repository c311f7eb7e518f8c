using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Builtins;

/// <summary>Aggregates over collections: <c>count sum product max min sort</c>.</summary>
public static class Aggregates
{
    /// <summary>Registers the family.</summary>
    public static void Register(BuiltinRegistry registry)
    {
        var collection = RegoType.AnyOf(RegoType.ArrayOf(RegoType.Any), RegoType.ObjectOf(RegoType.Any, RegoType.Any),
            RegoType.SetOf(RegoType.Any), RegoType.String);
        registry.Register("count", BuiltinSignature.Of(RegoType.Number, collection), Count);
        var numbers = RegoType.AnyOf(RegoType.ArrayOf(RegoType.Number), RegoType.SetOf(RegoType.Number));
        registry.Register("sum", BuiltinSignature.Of(RegoType.Number, numbers), (o, _) => Fold("sum", o, NumberValue.Zero, (a, b) => a.Add(b)));
        registry.Register("product", BuiltinSignature.Of(RegoType.Number, numbers), (o, _) => Fold("product", o, NumberValue.One, (a, b) => a.Multiply(b)));
        var anyCollection = RegoType.AnyOf(RegoType.ArrayOf(RegoType.Any), RegoType.SetOf(RegoType.Any));
        registry.Register("max", BuiltinSignature.Of(RegoType.Any, anyCollection), (o, _) => Extreme("max", o, 1));
        registry.Register("min", BuiltinSignature.Of(RegoType.Any, anyCollection), (o, _) => Extreme("min", o, -1));
        registry.Register("sort", BuiltinSignature.Of(RegoType.ArrayOf(RegoType.Any), anyCollection), Sort);
    }

    private static Value Count(ReadOnlySpan<Value> operands, BuiltinContext context) => operands[0] switch
    {
        ArrayValue a => NumberValue.Of(a.Count),
        ObjectValue o => NumberValue.Of(o.Count),
        SetValue s => NumberValue.Of(s.Count),
        StringValue s => NumberValue.Of(s.CodePointCount),
        var other => throw Operand.Mismatch("count", 0, other, ValueKind.Array, ValueKind.Object, ValueKind.Set, ValueKind.String),
    };

    private static Value Fold(string name, ReadOnlySpan<Value> operands, NumberValue seed, Func<NumberValue, NumberValue, NumberValue> combine)
    {
        var result = seed;
        foreach (var item in Operand.ArrayOrSet(name, operands, 0))
        {
            if (item is not NumberValue number)
                throw BuiltinException.OperandType(name, 1, $"{operands[0].TypeName} of numbers",
                    $"{operands[0].TypeName} containing {item.TypeName}");
            result = combine(result, number);
        }
        return result;
    }

    private static Value? Extreme(string name, ReadOnlySpan<Value> operands, int direction)
    {
        Value? best = null;
        foreach (var item in Operand.ArrayOrSet(name, operands, 0))
            if (best is null || item.CompareTo(best) * direction > 0) best = item;
        return best;
    }

    private static Value Sort(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        var items = Operand.ArrayOrSet("sort", operands, 0).ToArray();
        Array.Sort(items);
        return new ArrayValue(items);
    }
}
