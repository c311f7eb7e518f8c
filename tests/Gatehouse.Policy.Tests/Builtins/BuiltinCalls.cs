using Gatehouse.Policy.Builtins;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Tests.Builtins;

/// <summary>Calls builtins through the default registry, the way the evaluator does.</summary>
internal static class BuiltinCalls
{
    public static Value? Call(string name, params Value[] operands)
    {
        Assert.True(BuiltinRegistry.Default.TryGet(name, out var builtin), name);
        Assert.Equal(builtin.Arity, operands.Length);
        return builtin.Function!(operands, BuiltinContext.ForNow());
    }

    /// <summary>Calls and renders the result as JSON text, so expectations read like the conformance cases.</summary>
    public static string Json(string name, params Value[] operands) => ValueJson.ToJsonString(Call(name, operands)!);

    /// <summary>A value from JSON text.</summary>
    public static Value J(string json) => ValueJson.Parse(json);

    /// <summary>The error a call throws.</summary>
    public static BuiltinException Error(string name, params Value[] operands) =>
        Assert.Throws<BuiltinException>(() => Call(name, operands));
}
