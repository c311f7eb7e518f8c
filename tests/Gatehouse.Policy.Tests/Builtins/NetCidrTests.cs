using Gatehouse.Policy.Values;
using static Gatehouse.Policy.Tests.Builtins.BuiltinCall;

namespace Gatehouse.Policy.Tests.Builtins;

public class NetCidrTests
{
    [Theory]
    [InlineData("10.0.0.0/8", "10.1.2.3", true)]
    [InlineData("10.0.0.0/8", "192.168.1.1", false)]
    [InlineData("10.0.0.0/8", "10.1.0.0/24", true)]
    [InlineData("172.17.0.0/24", "172.17.0.0/16", false)]
    [InlineData("2001:4860:4860::8888/32", "2001:4860:4860:1234::8888/40", true)]
    [InlineData("2001:4860::/96", "2001:4860::/32", false)]
    [InlineData("2001:4860::/32", "fd1e:5bfe:8af3:9ddc::/64", false)]
    [InlineData("10.0.0.0/8", "::ffff:10.1.2.3", true)]
    public void Contains(string cidr, string inner, bool expected) =>
        Assert.Equal(BooleanValue.Of(expected), Call("net.cidr_contains", cidr, inner));

    [Fact]
    public void Malformed_blocks_are_errors()
    {
        Fails("eval_builtin_error", "net.cidr_contains: invalid CIDR address: not-a-cidr", "net.cidr_contains", "not-a-cidr", "1.2.3.4");
        Fails("eval_builtin_error", "net.cidr_intersects: invalid CIDR address: not-a-cidr", "net.cidr_intersects", "10.0.0.0/8", "not-a-cidr");
        Fails("eval_builtin_error", "net.cidr_expand: invalid CIDR address: 192.168.1.1/33", "net.cidr_expand", "192.168.1.1/33");
        Fails("eval_builtin_error", "net.cidr_expand: 10.0.0.0/8 has more than 1048576 addresses to expand", "net.cidr_expand", "10.0.0.0/8");
        Fails("eval_type_error", "net.cidr_contains: operand 1 must be string but got number", "net.cidr_contains", 1, "x");
    }

    [Fact]
    public void Intersects_and_validity()
    {
        Assert.Equal(BooleanValue.True, Call("net.cidr_intersects", "192.168.1.0/25", "192.168.1.64/25"));
        Assert.Equal(BooleanValue.False, Call("net.cidr_intersects", "192.168.1.0/24", "192.168.2.0/24"));
        Assert.Equal(BooleanValue.True, Call("net.cidr_intersects", "fd1e:5bfe:8af3:9ddc::/64", "fd1e:5bfe:8af3:9ddc:1111::/72"));
        Assert.Equal(BooleanValue.True, Call("net.cidr_is_valid", "2002::1234:abcd:ffff:c0a8:101/64"));
        Assert.Equal(BooleanValue.False, Call("net.cidr_is_valid", "192.168.1.2"));
        Assert.Equal(BooleanValue.False, Call("net.cidr_is_valid", "010.0.0.0/8"));
        Assert.Equal(BooleanValue.False, Call("net.cidr_is_valid", ""));
    }

    [Fact]
    public void Expand_lists_every_address()
    {
        Assert.Equal(Json("[\"172.16.100.252\", \"172.16.100.253\", \"172.16.100.254\", \"172.16.100.255\"]"),
            new ArrayValue(((SetValue)Call("net.cidr_expand", "172.16.100.255/30")!).Sorted.ToArray()));
        Assert.Equal(SetValue.Of(new StringValue("192.168.1.1")), Call("net.cidr_expand", "192.168.1.1/32"));
        Assert.Equal(SetValue.Of(new StringValue("fe80::"), new StringValue("fe80::1")), Call("net.cidr_expand", "fe80::/127"));
    }

    [Theory]
    [InlineData("[\"192.0.2.112/30\", \"192.0.2.116/31\", \"192.0.2.118/31\"]", "[\"192.0.2.112/29\"]")]
    [InlineData("[\"192.0.2.112/31\", \"192.0.2.116/31\", \"192.0.2.118/31\"]", "[\"192.0.2.112/31\", \"192.0.2.116/30\"]")]
    [InlineData("[\"192.0.128.0/24\", \"0.0.0.0/0\"]", "[\"0.0.0.0/0\"]")]
    [InlineData("[\"192.0.2.112\", \"192.0.2.116/31\"]", "[\"192.0.2.0/24\"]")]
    [InlineData("[\"::/0\", \"::192.0.2.0/124\", \"ff00::101/128\"]", "[\"::/0\"]")]
    [InlineData("[\"2601:600:8a80:207e:a57d:7567:e2c9:e7b3/64\", \"2601:600:8a80:207e:a57d:7567:e2c9:e7b3/128\"]", "[\"2601:600:8a80:207e::/64\"]")]
    [InlineData("[\"fe80::/120\", \"192.0.2.0/24\", \"192.0.3.0/24\", \"192.0.4.0/25\", \"192.0.4.128/25\"]", "[\"192.0.2.0/23\", \"192.0.4.0/24\", \"fe80::/120\"]")]
    [InlineData("[]", "[]")]
    public void Merge(string input, string expected) =>
        Assert.Equal(SetValue.Of((IEnumerable<Value>)(ArrayValue)Json(expected)), Call("net.cidr_merge", Json(input)));

    [Fact]
    public void Merge_rejects_bare_ipv6_and_garbage()
    {
        Fails("eval_builtin_error", "net.cidr_merge: IPv6 invalid: needs prefix length", "net.cidr_merge", Json("[\"2601:600::1\"]"));
        Fails("eval_builtin_error", "net.cidr_merge: IP invalid: foo", "net.cidr_merge", Json("[\"foo\"]"));
    }

    [Fact]
    public void Contains_matches_keys_by_index_key_or_element()
    {
        Assert.Equal(SetValue.Of(Json("[0, 1]"), Json("[1, 0]")),
            Call("net.cidr_contains_matches", Json("[[\"1.1.2.0/24\", 1], \"1.1.1.0/24\"]"), Json("[\"1.1.1.1\", \"1.1.2.1\"]")));
        Assert.Equal(SetValue.Of(Json("[\"k1\", \"1.1.1.128\"]"), Json("[\"k2\", \"1.1.1.128\"]")),
            Call("net.cidr_contains_matches", Json("{\"k1\": \"1.1.1.1/24\", \"k2\": [\"1.1.1.2/24\", 1]}"), "1.1.1.128"));
        Assert.Equal(SetValue.Of(Json("[\"1.1.1.0/24\", \"1.1.1.1\"]")), Call("net.cidr_contains_matches", "1.1.1.0/24", "1.1.1.1"));
        Fails("eval_builtin_error", "net.cidr_contains_matches: operand 2: element must be string or non-empty array",
            "net.cidr_contains_matches", "1.1.1.0/24", SetValue.Of(new Value[] { ArrayValue.Empty }));
    }
}
