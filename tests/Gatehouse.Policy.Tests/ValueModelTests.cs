using System.Text.Json.Nodes;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Tests;

public class ValueModelTests
{
    [Fact]
    public void Kinds_follow_opa_total_order()
    {
        Value[] ordered =
        [
            NullValue.Instance, BooleanValue.False, BooleanValue.True, NumberValue.Of(-3), NumberValue.Parse("2.5"),
            new StringValue("a"), new StringValue("b"), ArrayValue.Empty, new ArrayValue([NumberValue.One]),
            ObjectValue.Empty, ObjectValue.Of(("a", NumberValue.One)), SetValue.Empty, SetValue.Of(NumberValue.One),
        ];
        var shuffled = ordered.Reverse().ToArray();
        Array.Sort(shuffled);
        Assert.Equal(ordered, shuffled);
    }

    [Theory]
    [InlineData("1", "1.0")]
    [InlineData("100", "1e2")]
    [InlineData("0.5", "5e-1")]
    [InlineData("-0", "0")]
    public void Numbers_are_equal_by_value_not_by_text(string left, string right)
    {
        var a = NumberValue.Parse(left);
        var b = NumberValue.Parse(right);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Big_and_decimal_arithmetic_is_exact()
    {
        var big = NumberValue.Parse("123456789012345678901234567890");
        Assert.Equal("123456789012345678901234567891", big.Add(NumberValue.One).ToString());
        Assert.Equal("0.3", NumberValue.Parse("0.1").Add(NumberValue.Parse("0.2")).ToString());
        Assert.True(NumberValue.Parse("0.1").Add(NumberValue.Parse("0.2")) == NumberValue.Parse("0.3"));
        Assert.Equal("2.5", NumberValue.Of(5).Divide(NumberValue.Of(2)).ToString());
        Assert.Equal("0.3333333333333333", NumberValue.One.Divide(NumberValue.Of(3)).ToString());
        Assert.Equal("-1", NumberValue.Of(-7).Remainder(NumberValue.Of(2)).ToString());
        Assert.True(NumberValue.Parse("9007199254740993") > NumberValue.Parse("9007199254740992"));
    }

    [Fact]
    public void Rego_syntax_matches_opa_printing()
    {
        var set = SetValue.Of(NumberValue.Of(2), NumberValue.One);
        Assert.Equal("{1, 2}", set.ToString());
        Assert.Equal("set()", SetValue.Empty.ToString());
        var obj = ObjectValue.Of(("b", new ArrayValue([NullValue.Instance, BooleanValue.True])), ("a", new StringValue("x\"y")));
        Assert.Equal("{\"a\": \"x\\\"y\", \"b\": [null, true]}", obj.ToString());
    }

    [Fact]
    public void Json_round_trip_keeps_exact_numbers_and_turns_sets_into_arrays()
    {
        var value = ValueJson.Parse("""{"n": 12345678901234567890123, "f": 0.1, "s": "t", "a": [true, null]}""");
        Assert.Equal("""{"a":[true,null],"f":0.1,"n":12345678901234567890123,"s":"t"}""", ValueJson.ToJsonString(value));
        Assert.Equal("[1,2]", ValueJson.ToJsonString(SetValue.Of(NumberValue.Of(2), NumberValue.One)));
        Assert.Equal(value, ValueJson.FromJson(JsonNode.Parse("""{"n": 12345678901234567890123, "f": 0.1, "s": "t", "a": [true, null]}""")));
    }

    [Fact]
    public void Objects_accept_any_value_as_key()
    {
        var obj = ObjectValue.Of(new KeyValuePair<Value, Value>[] { new(NumberValue.One, new StringValue("one")), new(SetValue.Of(NumberValue.One), new StringValue("set")) });
        Assert.Equal(new StringValue("one"), obj.Get(NumberValue.Parse("1.0")));
        Assert.Equal(new StringValue("set"), obj.Get(SetValue.Of(NumberValue.One)));
    }
}
