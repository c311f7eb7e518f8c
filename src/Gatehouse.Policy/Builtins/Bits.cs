using System.Numerics;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Builtins;

/// <summary><c>bits.and bits.or bits.xor bits.negate bits.lsh bits.rsh</c> on arbitrary-precision integers (two's complement).</summary>
public static class Bits
{
    private const int MaxShift = 1 << 16;

    /// <summary>Registers the family.</summary>
    public static void Register(BuiltinRegistry registry)
    {
        var binary = BuiltinSignature.Of(RegoType.Number, RegoType.Number, RegoType.Number);
        registry.Register("bits.and", binary, (o, _) => Binary("bits.and", o, (a, b) => a & b));
        registry.Register("bits.or", binary, (o, _) => Binary("bits.or", o, (a, b) => a | b));
        registry.Register("bits.xor", binary, (o, _) => Binary("bits.xor", o, (a, b) => a ^ b));
        registry.Register("bits.negate", BuiltinSignature.Of(RegoType.Number, RegoType.Number),
            (o, _) => NumberValue.Of(-OperandChecks.Integer("bits.negate", o, 0) - 1));
        registry.Register("bits.lsh", binary, (o, _) => Shift("bits.lsh", o, (a, n) => a << n));
        registry.Register("bits.rsh", binary, (o, _) => Shift("bits.rsh", o, (a, n) => a >> n));
    }

    private static Value Binary(string name, ReadOnlySpan<Value> operands, Func<BigInteger, BigInteger, BigInteger> op) =>
        NumberValue.Of(op(OperandChecks.Integer(name, operands, 0), OperandChecks.Integer(name, operands, 1)));

    private static Value Shift(string name, ReadOnlySpan<Value> operands, Func<BigInteger, int, BigInteger> op)
    {
        var value = OperandChecks.Integer(name, operands, 0);
        var count = OperandChecks.Integer(name, operands, 1);
        if (count.Sign < 0)
            throw BuiltinException.OperandType(name, 2, "an unsigned integer number", "a negative integer");
        if (count > MaxShift) throw BuiltinException.Error(name, $"shift count {count} is too large");
        return NumberValue.Of(op(value, (int)count));
    }
}
