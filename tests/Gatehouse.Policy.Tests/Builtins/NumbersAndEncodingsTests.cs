using Gatehouse.Policy.Values;
using static Gatehouse.Policy.Tests.Builtins.BuiltinCalls;

namespace Gatehouse.Policy.Tests.Builtins;

public class NumbersAndEncodingsTests
{
    [Fact]
    public void To_number_and_rounding()
    {
        Assert.Equal("-42", Json("to_number", "-42.0"));
        Assert.Equal("0", Json("to_number", NullValue.Instance));
        Assert.Equal("1", Json("to_number", true));
        Assert.Equal("100.1", Json("to_number", NumberValue.Parse("100.1")));
        Assert.Equal("to_number: strconv.ParseFloat: parsing \"broken\": invalid syntax", Error("to_number", "broken").Message);
        Assert.Equal("eval_type_error", Error("to_number", "-Infinity").Code);
        Assert.Equal("-3", Json("round", NumberValue.Parse("-2.5")));
        Assert.Equal("3", Json("ceil", NumberValue.Parse("2.1")));
        Assert.Equal("-3", Json("floor", NumberValue.Parse("-2.1")));
        Assert.Equal("2.5", Json("abs", NumberValue.Parse("-2.5")));
    }

    [Fact]
    public void Ranges()
    {
        Assert.Equal("[2,1,0,-1,-2,-3]", Json("numbers.range", 2L, -3L));
        Assert.Equal("[49649733057,49649733058]", Json("numbers.range", 49649733057L, 49649733058L));
        Assert.Equal("numbers.range: operand 1 must be integer number but got floating-point number", Error("numbers.range", NumberValue.Parse("3.14"), 4L).Message);
        Assert.Equal("[10,8,6,4]", Json("numbers.range_step", 10L, 3L, 2L));
        Assert.Equal("[0]", Json("numbers.range_step", 0L, 10L, NumberValue.Parse("99999999999999999999")));
        Assert.Equal("numbers.range_step: step must be a positive integer", Error("numbers.range_step", 0L, 10L, -2L).Message);
    }

    [Fact]
    public void Bits_work_on_big_integers()
    {
        Assert.Equal("1", Json("bits.and", 7L, 9L));
        Assert.Equal("15", Json("bits.or", 7L, 9L));
        Assert.Equal("41", Json("bits.xor", 42L, 3L));
        Assert.Equal("-43", Json("bits.negate", 42L));
        Assert.Equal("18446744073709551614", Json("bits.lsh", long.MaxValue, 1L));
        Assert.Equal("1", Json("bits.rsh", 8L, 3L));
        Assert.Equal("bits.lsh: operand 2 must be an unsigned integer number but got a negative integer", Error("bits.lsh", 7L, -1L).Message);
        Assert.Equal("bits.and: operand 1 must be integer number but got floating-point number", Error("bits.and", NumberValue.Parse("7.2"), 42L).Message);
    }

    [Fact]
    public void Base64_and_hex()
    {
        Assert.Equal("\"c3ViamVjdHM/X2Q=\"", Json("base64.encode", "subjects?_d"));
        Assert.Equal("\"subjects?_d\"", Json("base64.decode", "c3ViamVjdHM/X2Q="));
        Assert.Equal("false", Json("base64.is_valid", "{'not':'base64'}"));
        Assert.Equal("false", Json("base64.is_valid", "aGVsbG8"));
        Assert.Equal("\"c3ViamVjdHM_X2Q=\"", Json("base64url.encode", "subjects?_d"));
        Assert.Equal("\"aGVsbG8\"", Json("base64url.encode_no_pad", "hello"));
        Assert.Equal("\"hello\"", Json("base64url.decode", "aGVsbG8"));
        Assert.Equal("\"6c6f72656d\"", Json("hex.encode", "lorem"));
        Assert.Equal("\"lorem\"", Json("hex.decode", "6c6f72656d"));
        Assert.Equal("hex.decode: encoding/hex: invalid byte: U+0067 'g'", Error("hex.decode", "fghijkl").Message);
    }

    [Fact]
    public void Url_query_follows_go_net_url()
    {
        Assert.Equal("\"a%3Db%2B1+c\"", Json("urlquery.encode", "a=b+1 c"));
        Assert.Equal("\"a=b+1 c\"", Json("urlquery.decode", "a%3Db%2B1+c"));
        Assert.Equal("urlquery.decode: invalid URL escape \"%zz\"", Error("urlquery.decode", "%zz").Message);
        Assert.Equal("\"a=b%2B1&a=c%2B2&z=1\"", Json("urlquery.encode_object", J("""{"z":"1","a":["b+1","c+2"]}""")));
        Assert.Equal("{\"a\":[\"value_a1\",\"value_a2\"],\"b\":[\"\"]}", Json("urlquery.decode_object", "a=value_a1&b&a=value_a2"));
        Assert.Equal("{}", Json("urlquery.decode_object", ""));
    }
}

public class RandomNumbersTests
{
    [Fact]
    public void Rand_intn_is_stable_per_key_within_a_query_and_in_range()
    {
        Assert.True(Gatehouse.Policy.Builtins.BuiltinRegistry.Default.TryGet("rand.intn", out var intn));
        Assert.True(intn.Nondeterministic);
        var context = Gatehouse.Policy.Builtins.BuiltinContext.ForNow();
        var first = (NumberValue)intn.Function!([new StringValue("k"), NumberValue.Of(-1000)], context)!;
        Assert.Equal(first, intn.Function!([new StringValue("k"), NumberValue.Of(-1000)], context));
        Assert.InRange(first.ToDouble(), 0, 999);
        Assert.Equal(NumberValue.Zero, intn.Function!([new StringValue("k"), NumberValue.Zero], context));
    }
}
