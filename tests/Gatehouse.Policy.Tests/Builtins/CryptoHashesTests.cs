using Gatehouse.Policy.Values;
using static Gatehouse.Policy.Tests.Builtins.BuiltinCall;

namespace Gatehouse.Policy.Tests.Builtins;

public class CryptoHashesTests
{
    [Theory]
    [InlineData("crypto.md5", "acbd18db4cc2f85cedef654fccc4a4d8")]
    [InlineData("crypto.sha1", "0beec7b5ea3f0fdbc95d0dd47f3c5bc275da8a33")]
    [InlineData("crypto.sha256", "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae")]
    public void Digests_are_lowercase_hex(string name, string expected) => Assert.Equal(new StringValue(expected), Call(name, "foo"));

    [Theory]
    [InlineData("crypto.hmac.sha256", "foo", "bar", "147933218aaabc0b8b10a2b3a5c34684c8d94341bcf10a4736dc7270f7741851")]
    [InlineData("crypto.hmac.sha256", "åäöçß🥲♙Ω", "秘密の", "eb90daeb76d4b2571fbdaf94bbb240809faa8fed93ec0c260dd38c3fdf8d963a")]
    [InlineData("crypto.hmac.md5", "foo", "bar", "31b6db9e5eb4addb42f1a6ca07367adc")]
    [InlineData("crypto.hmac.sha1", "foo", "bar", "85d155c55ed286a300bd1cf124de08d87e914f3a")]
    [InlineData("crypto.hmac.sha512", "foo", "bar", "24257d7210582a65c731ec55159c8184cc24c02489453e58587f71f44c23a2d61b4b72154a89d17b2d49448a8452ea066f4fc56a2bcead45c088572ffccdb3d8")]
    public void Hmacs_use_utf8_message_and_key(string name, string message, string key, string expected) =>
        Assert.Equal(new StringValue(expected), Call(name, message, key));

    [Fact]
    public void Hmac_equal_compares_whole_strings()
    {
        Assert.Equal(BooleanValue.True, Call("crypto.hmac.equal", "31b6db9e", "31b6db9e"));
        Assert.Equal(BooleanValue.False, Call("crypto.hmac.equal", "31b6db9e5eb4addb42f1a6ca07367adc", "31b6db9e5eb4addb"));
        Fails("eval_type_error", "crypto.hmac.equal: operand 2 must be string but got number", "crypto.hmac.equal", "a", 1);
    }
}
