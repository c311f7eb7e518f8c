using Gatehouse.Policy.Builtins;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Tests;

public class BuiltinContractTests
{
    private static Value? Call(string name, params Value[] operands)
    {
        Assert.True(BuiltinRegistry.Default.TryGet(name, out var builtin), name);
        Assert.Equal(operands.Length, builtin.Arity);
        return builtin.Function!(operands, BuiltinContext.ForNow());
    }

    [Fact]
    public void Type_errors_read_like_opa()
    {
        var error = Assert.Throws<BuiltinException>(() => Call("count", NumberValue.One));
        Assert.Equal("eval_type_error", error.Code);
        Assert.Equal("count: operand 1 must be one of {array, object, set, string} but got number", error.Message);
    }

    [Fact]
    public void Division_by_zero_is_a_builtin_error()
    {
        var error = Assert.Throws<BuiltinException>(() => Call("div", NumberValue.One, NumberValue.Zero));
        Assert.Equal("eval_builtin_error", error.Code);
        Assert.Equal("div: divide by zero", error.Message);
    }

    [Fact]
    public void Aggregates_and_set_operators()
    {
        var numbers = new ArrayValue([NumberValue.Of(3), NumberValue.One, NumberValue.Parse("2.5")]);
        Assert.Equal(NumberValue.Parse("6.5"), Call("sum", numbers));
        Assert.Equal(NumberValue.Parse("7.5"), Call("product", numbers));
        Assert.Equal(NumberValue.Of(3), Call("max", numbers));
        Assert.Null(Call("min", ArrayValue.Empty));
        Assert.Equal("[1, 2.5, 3]", Call("sort", numbers)!.ToString());
        Assert.Equal(NumberValue.Of(2), Call("count", new StringValue("héé"[..2])));
        var a = SetValue.Of(NumberValue.One, NumberValue.Of(2));
        var b = SetValue.Of(NumberValue.Of(2), NumberValue.Of(3));
        Assert.Equal("{1, 2, 3}", Call("or", a, b)!.ToString());
        Assert.Equal("{2}", Call("and", a, b)!.ToString());
        Assert.Equal("{1}", Call("minus", a, b)!.ToString());
        Assert.Equal("minus: operand 2 must be set but got number",
            Assert.Throws<BuiltinException>(() => Call("minus", a, NumberValue.One)).Message);
    }

    [Fact]
    public void Type_predicates_and_names()
    {
        Assert.Equal(BooleanValue.True, Call("is_set", SetValue.Empty));
        Assert.Equal(BooleanValue.False, Call("is_number", new StringValue("1")));
        Assert.Equal(new StringValue("object"), Call("type_name", ObjectValue.Empty));
    }

    [Theory]
    [InlineData("%v and %v", "x and {1, 2}")]
    [InlineData("%d|%5.2f|%-4s|%x", "7|12.35|ab  |ff")]
    [InlineData("%s %s", "x {1, 2}%!(EXTRA *big.Int=7, string=ab, *big.Float=12.346, *big.Int=255)")]
    [InlineData("%d %d %d %d %d %d", "%!d(string=x) %!d(ast.Set={1, 2}) 7 %!d(string=ab) %!d(*big.Float=12.346) 255")]
    public void Sprintf_follows_go_verbs(string format, string expected)
    {
        Value[] values = [new StringValue("x"), SetValue.Of(NumberValue.One, NumberValue.Of(2)), NumberValue.Of(7),
            new StringValue("ab"), NumberValue.Parse("12.346"), NumberValue.Of(255)];
        var args = format switch
        {
            "%v and %v" => values[..2],
            "%d|%5.2f|%-4s|%x" => [values[2], values[4], values[3], values[5]],
            _ => values,
        };
        Assert.Equal(expected, Sprintf.Format(format, args));
    }
}
