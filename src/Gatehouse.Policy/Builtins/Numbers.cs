using System.Globalization;
using System.Numerics;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Builtins;

/// <summary><c>to_number round ceil floor abs numbers.range numbers.range_step</c>.</summary>
public static class Numbers
{
    private const int MaxRangeLength = 10_000_000;
    private static readonly RegoType N = RegoType.Number;

    /// <summary>Registers the family.</summary>
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("to_number", BuiltinSignature.Of(N, RegoType.AnyOf(RegoType.Null, RegoType.Boolean, N, RegoType.String)), ToNumber);
        registry.Register("round", BuiltinSignature.Of(N, N), (o, _) => Operand.Number("round", o, 0).Round());
        registry.Register("ceil", BuiltinSignature.Of(N, N), (o, _) => Operand.Number("ceil", o, 0).Ceiling());
        registry.Register("floor", BuiltinSignature.Of(N, N), (o, _) => Operand.Number("floor", o, 0).Floor());
        registry.Register("abs", BuiltinSignature.Of(N, N), (o, _) => Operand.Number("abs", o, 0).Abs());
        registry.Register("numbers.range", BuiltinSignature.Of(RegoType.ArrayOf(N), N, N), (o, context) =>
            Range("numbers.range", OperandChecks.Integer("numbers.range", o, 0), OperandChecks.Integer("numbers.range", o, 1), BigInteger.One, context));
        registry.Register("numbers.range_step", BuiltinSignature.Of(RegoType.ArrayOf(N), N, N, N), (o, context) =>
        {
            var start = OperandChecks.Integer("numbers.range_step", o, 0);
            var end = OperandChecks.Integer("numbers.range_step", o, 1);
            var step = OperandChecks.Integer("numbers.range_step", o, 2);
            if (step.Sign <= 0) throw BuiltinException.Error("numbers.range_step", "step must be a positive integer");
            return Range("numbers.range_step", start, end, step, context);
        });
    }

    private static Value ToNumber(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        switch (operands[0])
        {
            case NullValue: return NumberValue.Zero;
            case BooleanValue b: return b.Value ? NumberValue.One : NumberValue.Zero;
            case NumberValue n: return n;
            case StringValue s:
                var text = s.Value;
                var lowered = text.TrimStart('+', '-').ToLowerInvariant();
                if (lowered is "nan" or "inf" or "infinity")
                    throw BuiltinException.TypeError("to_number", $"operand 1 must be a finite number but got \"{text}\"");
                return NumberValue.TryParse(text, out var parsed) && text.Trim().Length == text.Length
                    ? parsed
                    : throw BuiltinException.Error("to_number", $"strconv.ParseFloat: parsing {Quote(text)}: invalid syntax");
            case var other:
                throw Operand.Mismatch("to_number", 0, other, ValueKind.Null, ValueKind.Boolean, ValueKind.Number, ValueKind.String);
        }
    }

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>From <paramref name="start"/> to <paramref name="end"/> inclusive, stepping toward the end.</summary>
    private static Value Range(string name, BigInteger start, BigInteger end, BigInteger step, BuiltinContext context)
    {
        var length = BigInteger.Abs(end - start) / step + 1;
        if (length > MaxRangeLength)
            throw BuiltinException.Error(name, string.Create(CultureInfo.InvariantCulture, $"range of {length} numbers exceeds the limit of {MaxRangeLength}"));
        var items = new Value[(int)length];
        var current = start;
        var delta = end >= start ? step : -step;
        for (var i = 0; i < items.Length; i++, current += delta)
        {
            if ((i & 0xFFFF) == 0) context.CancellationToken.ThrowIfCancellationRequested();
            items[i] = NumberValue.Of(current);
        }
        return new ArrayValue(items);
    }
}
