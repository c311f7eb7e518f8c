using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Builtins;

/// <summary>
/// The arithmetic operators <c>+ - * / %</c> (<c>plus minus mul div rem</c>), exact on <see cref="NumberValue"/>.
/// <c>minus</c> is also set difference, as in OPA.
/// </summary>
public static class Arithmetic
{
    /// <summary>Registers the family.</summary>
    public static void Register(BuiltinRegistry registry)
    {
        var numeric = BuiltinSignature.Of(RegoType.Number, RegoType.Number, RegoType.Number);
        registry.Register("plus", numeric, (o, _) => Operand.Number("plus", o, 0).Add(Operand.Number("plus", o, 1)));
        registry.Register("mul", numeric, (o, _) => Operand.Number("mul", o, 0).Multiply(Operand.Number("mul", o, 1)));
        registry.Register("div", numeric, Divide);
        registry.Register("rem", numeric, Remainder);
        var numberOrSet = RegoType.AnyOf(RegoType.Number, RegoType.SetOf(RegoType.Any));
        registry.Register("minus", BuiltinSignature.Of(numberOrSet, numberOrSet, numberOrSet), Minus);
    }

    private static Value Divide(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        var dividend = Operand.Number("div", operands, 0);
        var divisor = Operand.Number("div", operands, 1);
        if (divisor.Sign == 0) throw BuiltinException.Error("div", "divide by zero");
        return dividend.Divide(divisor);
    }

    private static Value Remainder(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        var dividend = Operand.Number("rem", operands, 0);
        var divisor = Operand.Number("rem", operands, 1);
        if (!dividend.IsInteger || !divisor.IsInteger) throw BuiltinException.Error("rem", "modulo on floating-point number");
        if (divisor.Sign == 0) throw BuiltinException.Error("rem", "modulo by zero");
        return dividend.Remainder(divisor);
    }

    private static Value Minus(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        switch (operands[0], operands[1])
        {
            case (NumberValue a, NumberValue b): return a.Subtract(b);
            case (SetValue a, SetValue b): return a.Except(b);
            case (NumberValue or SetValue, var other):
                throw Operand.Mismatch("minus", 1, other, operands[0].Kind);
            default:
                throw Operand.Mismatch("minus", 0, operands[0], ValueKind.Number, ValueKind.Set);
        }
    }
}
