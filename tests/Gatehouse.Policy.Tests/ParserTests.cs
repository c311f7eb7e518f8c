using Gatehouse.Policy.Ast;

namespace Gatehouse.Policy.Tests;

public class ParserTests
{
    [Fact]
    public void Parses_rules_of_every_kind()
    {
        var module = RegoParser.ParseModule("p.rego", """
            package app.authz

            import rego.v1
            import data.roles as r

            default allow := false

            allow if {
                some role in input.user.roles
                r[role].admin
            }

            deny contains msg if msg := "no"

            limits[name] := value if some name, value in input.limits

            f(x) := y if y := x * 2
            else := 0

            a.b.c := 1
            """);
        Assert.Equal(["app", "authz"], module.Package);
        Assert.Equal(2, module.Imports.Count);
        Assert.Equal("r", module.Imports[1].Name);
        Assert.Equal(6, module.Rules.Count);
        Assert.True(module.Rules[0].IsDefault);
        Assert.True(module.Rules[2].IsContains);
        Assert.NotNull(module.Rules[4].Args);
        Assert.NotNull(module.Rules[4].Else);
        Assert.Equal(3, module.Rules[5].HeadRef.Count);
    }

    [Theory]
    [InlineData("package p\n\nallow {\n  true\n}\n", 3, 7, "`if` keyword is required before rule body")]
    [InlineData("package p\n\nx := \"unterminated\n", 3, 6, "non-terminated string")]
    [InlineData("package p\n\nx := [1, 2\n", 4, 1, "unexpected eof token")]
    [InlineData("x := 1\n", 1, 1, "package expected")]
    public void Syntax_errors_carry_file_line_and_column(string source, int row, int col, string message)
    {
        var error = Assert.Throws<RegoException>(() => RegoParser.ParseModule("bad.rego", source));
        Assert.Equal("rego_parse_error", error.Code);
        Assert.Equal(new Location("bad.rego", row, col), error.Errors[0].Location);
        Assert.Contains(message, error.Errors[0].Message);
        Assert.StartsWith($"bad.rego:{row}:{col}: rego_parse_error: ", error.Errors[0].ToString());
    }

    [Fact]
    public void Query_expressions_keep_their_text_and_position()
    {
        var body = RegoParser.ParseQuery("x := 1; y := x + 1\nz = [x, y]");
        Assert.Equal(["x := 1", "y := x + 1", "z = [x, y]"], body.Exprs.Select(e => e.Text));
        Assert.Equal(new Location("query", 2, 1), body.Exprs[2].Location);
    }
}
