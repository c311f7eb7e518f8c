using Gatehouse.Policy.Builtins;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Tests.Builtins;

/// <summary>Calls builtins through the default registry, as the evaluator will.</summary>
internal static class BuiltinCall
{
    public static readonly BuiltinContext Context = new(new DateTimeOffset(2022, 12, 2, 18, 40, 53, TimeSpan.Zero));

    public static Value? Call(string name, params Value[] operands) => CallWith(Context, name, operands);

    public static Value? CallWith(BuiltinContext context, string name, params Value[] operands)
    {
        Assert.True(BuiltinRegistry.Default.TryGet(name, out var builtin), name);
        Assert.Equal(builtin.Arity, operands.Length);
        return builtin.Function!(operands, context);
    }

    /// <summary>The error a call throws, asserting its code and message.</summary>
    public static void Fails(string code, string message, string name, params Value[] operands)
    {
        var error = Assert.Throws<BuiltinException>(() => Call(name, operands));
        Assert.Equal(message, error.Message);
        Assert.Equal(code, error.Code);
    }

    public static Value Json(string json) => ValueJson.Parse(json);

    public static NumberValue Num(string text) => NumberValue.Parse(text);
}
