using Gatehouse.Policy.Values;
using static Gatehouse.Policy.Tests.Builtins.BuiltinCalls;

namespace Gatehouse.Policy.Tests.Builtins;

public class GlobsTests
{
    [Theory]
    [InlineData("*.github.com", "[\".\"]", "api.github.com", true)]
    [InlineData("*.github.com", "[\".\"]", "api.not-github.com", false)]
    [InlineData("api.**.com", "[\".\"]", "api.cdn.github.com", true)]
    [InlineData("*:github:com", "[\":\"]", "api:github:com", true)]
    [InlineData("[!a-c]at", "[]", "fat", true)]
    [InlineData("[abc]at", "[]", "fat", false)]
    [InlineData("?at", "[\"f\"]", "fat", false)]
    [InlineData("?at", "[]", "at", false)]
    [InlineData("{cat,bat,[fr]at}", "[]", "rat", true)]
    [InlineData("*", "[]", "foo.bar", false)]
    [InlineData("*", "null", "foo.bar", true)]
    [InlineData("\\*.com", "[]", "*.com", true)]
    public void Matches_like_gobwas_glob(string pattern, string delimiters, string text, bool expected) =>
        Assert.Equal(BooleanValue.Of(expected), Call("glob.match", pattern, J(delimiters), text));

    [Fact]
    public void Quote_meta_escapes_glob_syntax()
    {
        Assert.Equal("\"\\\\*.github.com\"", Json("glob.quote_meta", "*.github.com"));
        Assert.Equal("true", Json("glob.match", Call("glob.quote_meta", "{a*}[b]?")!, J("[]"), "{a*}[b]?"));
        Assert.Equal("eval_builtin_error", Error("glob.match", "[abc", J("[]"), "a").Code);
    }
}
