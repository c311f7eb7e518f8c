using Gatehouse.Policy.Ast;
using Gatehouse.Policy.Eval;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Tests;

/// <summary>Template strings (<c>$"..."</c>, <c>$`...`</c>) with OPA 1.12's semantics.</summary>
public class TemplateStringTests
{
    private static Value? Eval(string source, string reference = "data.p.s", string? inputJson = null) =>
        PolicyEngine.FromSources([("p.rego", source)]).Evaluate(reference, inputJson is null ? null : ValueJson.Parse(inputJson));

    private static string Text(string source, string? inputJson = null) =>
        Assert.IsType<StringValue>(Eval(source, inputJson: inputJson)).Value;

    [Fact]
    public void Interpolates_variables_references_calls_and_values()
    {
        var text = Text("""
            package p
            user := "alice"
            s := $"{user} asks for {input.model} ({count(input.roles)} roles: {input.roles}), {1 + 2} {true} {null} {{"a": 1}} {set()}"
            """, """{"model": "demo", "roles": ["analyst", "support"]}""");
        Assert.Equal("alice asks for demo (2 roles: [\"analyst\", \"support\"]), 3 true null {\"a\": 1} set()", text);
    }

    [Fact]
    public void An_undefined_expression_renders_as_undefined_instead_of_failing()
    {
        Assert.Equal("model: <undefined>, user: bob", Text("package p\ns := $\"model: {input.model}, user: {input.user}\"\n", """{"user": "bob"}"""));
    }

    [Fact]
    public void Escapes_and_literal_braces()
    {
        Assert.Equal("{42} \"q\"\t{x", Text("package p\ns := $\"\\{42} \\\"q\\\"\\t\\{{\"x\"}\"\n"));
    }

    [Fact]
    public void Raw_templates_span_lines_and_keep_backslashes()
    {
        var text = Text("package p\nn := 2\ns := $`line {n}\nback\\slash \\{kept}`\n");
        Assert.Equal("line 2\nback\\slash {kept}", text);
    }

    [Fact]
    public void Templates_nest_and_work_in_comprehensions_and_membership()
    {
        Assert.Equal("<a-1> <b-1>", Text("package p\nn := 1\ns := concat(\" \", [$\"<{$\"{x}-{n}\"}>\" | some x in [\"a\", \"b\"]])\n"));
        Assert.Equal(BooleanValue.True, Eval("package p\nusers := {\"user_1\"}\nid := 1\nallow if $\"user_{id}\" in users\n", "data.p.allow"));
    }

    [Fact]
    public void Reads_the_rule_bodys_variables_and_with_modifiers()
    {
        Assert.Equal("x=3 y=42", Text("package p\na := input.a\ns := t if {\n  x := 3\n  t := $\"x={x} y={a with input as {\"a\": 42}}\"\n}\n"));
    }

    [Fact]
    public void An_expression_with_several_values_is_an_error()
    {
        var engine = PolicyEngine.FromSources([("p.rego", "package p\ns := $\"{input.xs[_]}\"\n")]);
        var error = Assert.Throws<EvalException>(() => engine.Evaluate("data.p.s", ValueJson.Parse("""{"xs": [1, 2]}""")));
        Assert.Contains("template-strings must not produce multiple outputs", error.Message);
    }

    [Theory]
    [InlineData("package p\ns := $\"abc {input.x\n", "bad.rego:2:12: rego_parse_error: non-terminated template expression")]
    [InlineData("package p\ns := $\"abc {input.x}", "bad.rego:2:6: rego_parse_error: non-terminated template string")]
    [InlineData("package p\ns := $\"abc {} def\"\n", "bad.rego:2:12: rego_parse_error: empty template expression")]
    [InlineData("package p\ns := $\"abc {1 +} def\"\n", "bad.rego:2:")]
    public void Malformed_templates_are_parse_errors_with_their_location(string source, string expected)
    {
        var error = Assert.Throws<RegoException>(() => RegoParser.ParseModule("bad.rego", source));
        Assert.StartsWith(expected, error.Errors[0].ToString());
    }

    [Fact]
    public void An_unsafe_variable_in_a_template_is_a_compile_error()
    {
        var error = Assert.Throws<PolicyLoadException>(() => PolicyEngine.FromSources([("bad.rego", "package p\ns := $\"hello {who}\"\n")]));
        Assert.Contains(error.Errors, e => e.StartsWith("bad.rego:2:", StringComparison.Ordinal) && e.Contains("unsafe", StringComparison.Ordinal));
    }
}
