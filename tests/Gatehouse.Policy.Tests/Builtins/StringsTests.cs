using Gatehouse.Policy.Values;
using static Gatehouse.Policy.Tests.Builtins.BuiltinCalls;

namespace Gatehouse.Policy.Tests.Builtins;

public class StringsTests
{
    [Fact]
    public void Positions_count_code_points()
    {
        Assert.Equal("1", Json("indexof", "μx", "x"));
        Assert.Equal("4", Json("indexof", "🍧🍨🧁🍰🍮", "🍮"));
        Assert.Equal("-1", Json("indexof", "μ", "μμ"));
        Assert.Equal("indexof: empty search character", Error("indexof", "abc", "").Message);
        Assert.Equal("[1,3,5]", Json("indexof_n", "😇😀😇😀😇😀", "😀"));
        Assert.Equal("[0,1,2,3]", Json("indexof_n", "aaaaa", "aa"));
        Assert.Equal("\"äö\"", Json("substring", "aåäö", 2L, -1L));
        Assert.Equal("\"cdefgh\"", Json("substring", "abcdefgh", 2L, 10000L));
        Assert.Equal("\"\"", Json("substring", "åäö", 4L, -1L));
        Assert.Equal("substring: negative offset", Error("substring", "aaa", -1L, -1L).Message);
        Assert.Equal("substring: operand 2 must be integer number but got floating-point number",
            Error("substring", "aaa", NumberValue.Parse("1.5"), -1L).Message);
    }

    [Fact]
    public void Format_int_truncates_and_checks_the_base()
    {
        Assert.Equal("\"f\"", Json("format_int", NumberValue.Parse("15.5"), 16L));
        Assert.Equal("\"-101\"", Json("format_int", NumberValue.Parse("-5.9"), 2L));
        var error = Error("format_int", NumberValue.Parse("4.1"), 199L);
        Assert.Equal("eval_type_error", error.Code);
        Assert.Equal("format_int: operand 2 must be one of {2, 8, 10, 16}", error.Message);
    }

    [Fact]
    public void Split_replace_and_count_follow_go()
    {
        Assert.Equal("[\"\"]", Json("split", "", "."));
        Assert.Equal("[]", Json("split", "", ""));
        Assert.Equal("[\"t\",\"e\",\"s\",\"t\"]", Json("split", "test", ""));
        Assert.Equal("\"foo,,.bar\"", Json("replace", "foo...bar", "..", ",,"));
        Assert.Equal("\"-a-b-\"", Json("replace", "ab", "", "-"));
        Assert.Equal("6", Json("strings.count", "dummy", ""));
        Assert.Equal("2", Json("strings.count", "11111", "11"));
        Assert.Equal("\"\\u20E3\\uFE0F2\"".ToLowerInvariant(), Json("strings.reverse", "2\ufe0f\u20e3").ToLowerInvariant().Replace("⃣", "\\u20e3").Replace("\ufe0f", "\\ufe0f"));
        Assert.Equal("strings.reverse: operand 1 must be string but got number", Error("strings.reverse", 1L).Message);
    }

    [Fact]
    public void Replace_n_scans_left_to_right_with_sorted_patterns()
    {
        Assert.Equal("\"xoobar\"", Json("strings.replace_n", J("""{"f":"x","foo":"xxx"}"""), "foobar"));
        Assert.Equal("\"This is &lt;b&gt;HTML&lt;/b&gt;!\"",
            Json("strings.replace_n", J("""{"<":"&lt;",">":"&gt;"}"""), "This is <b>HTML</b>!"));
        Assert.Equal("strings.replace_n: operand 1 non-string value found in pattern object",
            Error("strings.replace_n", J("""{"a":1}"""), "foo").Message);
    }

    [Fact]
    public void Concat_and_affix_matching()
    {
        Assert.Equal("\"/foo/bar\"", Json("concat", "/", J("""["","foo","bar"]""")));
        Assert.Equal("\"1,2\"", Json("concat", ",", SetValue.Of("2", "1")));
        Assert.Equal("concat: operand 2 must be one of {set, array} but got number", Error("concat", ",", 1L).Message);
        Assert.Equal("true", Json("strings.any_prefix_match", J("""["a/b","c/d"]"""), "c/"));
        Assert.Equal("false", Json("strings.any_suffix_match", "a.txt", SetValue.Of(".md", ".rst")));
        Assert.Equal("strings.any_prefix_match: operand 1 must be array of strings but got array containing number",
            Error("strings.any_prefix_match", J("[1]"), "x").Message);
        Assert.Equal("strings.any_suffix_match: operand 2 must be one of {string, set, array} but got number",
            Error("strings.any_suffix_match", "x", 1L).Message);
    }

    [Fact]
    public void Trims_work_on_code_point_cutsets()
    {
        Assert.Equal("\"foo, bar\"", Json("trim", "¡¡¡foo, bar!!!", "!¡"));
        Assert.Equal("\"oo.ba\"", Json("trim", "...foo.bar...", ".fr"));
        Assert.Equal("\"foo...\"", Json("trim_left", "...foo...", "."));
        Assert.Equal("\"...foo\"", Json("trim_right", "...foo...", "."));
        Assert.Equal("\"..foo\"", Json("trim_prefix", "...foo", "."));
        Assert.Equal("\"foo.\"", Json("trim_suffix", "foo..", "."));
        Assert.Equal("\"a b\"", Json("trim_space", "\u00a0\t a b\n"));
    }
}
