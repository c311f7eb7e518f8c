using static Gatehouse.Policy.Tests.Builtins.BuiltinCalls;

namespace Gatehouse.Policy.Tests.Builtins;

public class RegexesTests
{
    [Fact]
    public void Find_n_and_submatches_follow_go()
    {
        Assert.Equal("[\"ar\",\"an\",\"al\"]", Json("regex.find_n", "a.", "paranormal", -1L));
        Assert.Equal("[\"ar\",\"an\"]", Json("regex.find_n", "a.", "paranormal", 2L));
        Assert.Equal("[]", Json("regex.find_n", "a.", "paranormal", 0L));
        Assert.Equal("[\"f\"]", Json("regex.find_n", ".$", "abacadaeaf", -1L));
        // An empty match right after a match is skipped, as Go does.
        Assert.Equal("[\"\",\"aaa\",\"\"]", Json("regex.find_n", "a*", "baaac", -1L));
        Assert.Equal("[[\"som\",\"o\",\"m\"],[\"ri\",\"i\",\"\"]]",
            Json("regex.find_all_string_submatch_n", "[^aouiye]([aouiye])([^aouiye])?", "somestri", -1L));
    }

    [Fact]
    public void Matching_is_leftmost_first_like_go()
    {
        Assert.Equal("[\"a\",\"a\"]", Json("regex.find_n", "a|ab", "abab", -1L));
        Assert.Equal("[\"a\",\"a\"]", Json("regex.find_n", "a+?", "aa", -1L));
        Assert.Equal("[[\"ab\",\"a\",\"b\"]]", Json("regex.find_all_string_submatch_n", "(a|ab)(c|bcd)?(b)?", "ab", -1L).Replace("\"\",", "", StringComparison.Ordinal).Replace(",\"\"", "", StringComparison.Ordinal));
    }

    [Fact]
    public void Replace_expands_go_templates()
    {
        Assert.Equal("\"foofoo\"", Json("regex.replace", "foo", "(foo)", "$1$1"));
        Assert.Equal("\"-0-0-\"", Json("regex.replace", "-wy-wxxy-", "w(x*)y", "0"));
        Assert.Equal("\"_o __\"", Json("regex.replace", "foo barx", "[a-z]{2}", "_"));
        Assert.Equal("\"\"", Json("regex.replace", "foo", "(foo)", "$1x")); // group "1x" does not exist
        Assert.Equal("\"foox$\"", Json("regex.replace", "foo", "(?P<w>foo)", "${w}x$$"));
    }

    [Fact]
    public void Split_matches_go_edge_cases()
    {
        Assert.Equal("[\"\"]", Json("regex.split", "^[a-z]+\\[[0-9]+\\]$", ""));
        Assert.Equal("[\"\",\" baz\"]", Json("regex.split", "^[a-z]+", "foobar baz"));
        Assert.Equal("[\"\",\"\"]", Json("regex.split", "^[a-z ]+$", "foobar baz"));
        Assert.Equal("[\"b\",\"n\",\"n\",\"\"]", Json("regex.split", "a", "banana"));
    }

    [Fact]
    public void Re2_syntax_is_translated_and_perl_only_syntax_rejected()
    {
        Assert.Equal("true", Json("regex.match", "^[a-z]+\\[[0-9]+\\]$", "foo[1]"));
        Assert.Equal("false", Json("regex.match", "^\\d$", "٣")); // \d is ASCII in RE2
        Assert.Equal("false", Json("regex.match", "^a$", "a\n")); // $ is end of text without (?m)
        Assert.Equal("true", Json("regex.match", "(?m)^a$", "a\nb"));
        Assert.Equal("true", Json("regex.match", "^[[:alpha:]]+\\pN$", "ab1"));
        Assert.Equal("true", Json("regex.match", "^\\Q*.\\E$", "*."));
        Assert.Equal("false", Json("regex.is_valid", "++"));
        Assert.Equal("false", Json("regex.is_valid", "(a)\\1"));
        Assert.Equal("false", Json("regex.is_valid", "a(?=b)"));
        Assert.Equal("false", Json("regex.is_valid", 1L));
        Assert.Equal("true", Json("regex.is_valid", ".+"));
        Assert.StartsWith("regex.match: error parsing regexp:", Error("regex.match", "$^[[[", "x").Message);
    }

    [Fact]
    public void Template_match_quotes_the_literal_parts()
    {
        Assert.Equal("true", Json("regex.template_match", "urn:foo:{.*}", "urn:foo:bar:baz", "{", "}"));
        Assert.Equal("true", Json("regex.template_match", "urn:foo:<.*>", "urn:foo:bar:baz", "<", ">"));
        Assert.Equal("false", Json("regex.template_match", "urn.foo:{[a-z]+}", "urnxfoo:bar", "{", "}"));
    }
}

public class RegexGlobsTests
{
    [Theory]
    [InlineData("a.a.[0-9]+z", ".b.b2359825792*594823z", true)]
    [InlineData("[a-z]+", "[0-9]*", false)]
    [InlineData("b.*", "bar", true)]
    [InlineData("[a-z]+\\[[0-9]+\\]", "foo\\[1\\]", true)]
    [InlineData("[a-z]+\\[[0-9]+\\]", "foo[\"bar\"]", false)]
    [InlineData("[^a]", "a", false)]
    [InlineData("x*", "", true)]
    public void Globs_match_when_some_string_matches_both(string left, string right, bool expected) =>
        Assert.Equal(Gatehouse.Policy.Values.BooleanValue.Of(expected), BuiltinCalls.Call("regex.globs_match", left, right));

    [Fact]
    public void Bad_patterns_name_the_position()
    {
        var error = BuiltinCalls.Error("regex.globs_match", "pqrs]", "[a-b]+");
        Assert.Equal("regex.globs_match: input:pqrs], pos:5, set-close ']' with no preceding '[': the input provided is invalid", error.Message);
    }
}
