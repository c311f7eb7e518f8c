using Gatehouse.Policy.Ast;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Tests;

/// <summary><c>print</c> as OPA has it: a sink for lines, undefined operands shown as such, never failing the rule.</summary>
public class PrintTests
{
    private static (Value? Result, List<string> Lines) Run(string source, string reference, string? inputJson = null)
    {
        var engine = PolicyEngine.FromSources([("p.rego", source)]);
        var lines = new List<string>();
        var result = engine.Evaluate(reference, inputJson is null ? null : ValueJson.Parse(inputJson), new QueryOptions { Print = lines.Add });
        return (result, lines);
    }

    [Fact]
    public void Prints_strings_bare_and_other_values_in_rego_syntax()
    {
        var (result, lines) = Run("""
            package p
            allow if {
                print("user", input.user, "roles", input.roles, 42, {"a": true}, {"x"}, null)
                input.user == "alice"
            }
            """, "data.p.allow", """{"user": "alice", "roles": ["admin", "dev"]}""");
        Assert.Equal(BooleanValue.True, result);
        Assert.Equal(["user alice roles [\"admin\", \"dev\"] 42 {\"a\": true} {\"x\"} null"], lines);
    }

    [Fact]
    public void An_undefined_operand_prints_as_undefined_and_the_rule_still_holds()
    {
        var (result, lines) = Run("""
            package p
            allow if {
                print("missing:", input.nothing.here, "and", object.get(input, "x", "default"))
                true
            }
            """, "data.p.allow", "{}");
        Assert.Equal(BooleanValue.True, result);
        Assert.Equal(["missing: <undefined> and default"], lines);
    }

    [Fact]
    public void Print_still_prints_and_holds_while_another_function_is_mocked_with_with()
    {
        var (result, lines) = Run("""
            package p
            double(x) := x * 2
            g if {
                print("in g", input.missing, double(2))
            }
            r if { g with double as 10 }
            """, "data.p.r", "{}");
        Assert.Equal(BooleanValue.True, result);
        Assert.Equal(["in g <undefined> 10"], lines);
    }

    [Fact]
    public void An_operand_with_several_values_prints_a_line_per_combination()
    {
        var (_, lines) = Run("""
            package p
            r if {
                print(input.a[_], input.b[_])
            }
            """, "data.p.r", """{"a": [1, 2], "b": ["x", "y"]}""");
        Assert.Equal(["1 x", "1 y", "2 x", "2 y"], lines);
    }

    [Fact]
    public void Prints_once_per_solution_of_the_body_and_inside_functions()
    {
        var (result, lines) = Run("""
            package p
            double(x) := y if {
                y := x * 2
                print("double", x, "=", y)
            }
            s contains v if {
                some n in [1, 2]
                v := double(n)
            }
            """, "data.p.s");
        Assert.Equal(SetValue.Of(NumberValue.Of(2), NumberValue.Of(4)), result);
        Assert.Equal(["double 1 = 2", "double 2 = 4"], lines);
    }

    [Fact]
    public void Without_a_sink_print_is_silent_and_harmless()
    {
        var engine = PolicyEngine.FromSources([("p.rego", "package p\nallow if {\n print(\"hi\")\n input.ok\n}\n")]);
        Assert.Equal(BooleanValue.True, engine.Evaluate("data.p.allow", ValueJson.Parse("""{"ok": true}""")));
        Assert.Null(engine.Evaluate("data.p.allow", ValueJson.Parse("""{"ok": false}""")));
    }

    [Fact]
    public void A_variable_bound_later_in_the_body_prints_its_value()
    {
        // As in OPA, the compiler orders the body so that print sees x bound.
        var (_, lines) = Run("package p\nr if {\n print(\"x is\", x)\n x := 3\n}\n", "data.p.r");
        Assert.Equal(["x is 3"], lines);
    }

    [Fact]
    public void An_unsafe_operand_is_a_compile_error_with_its_location()
    {
        var error = Assert.Throws<PolicyLoadException>(() =>
            PolicyEngine.FromSources([("bad.rego", "package p\nr if {\n    print(\"x is\", x)\n}\n")]));
        Assert.Contains(error.Errors, e => e.StartsWith("bad.rego:3:", StringComparison.Ordinal) && e.Contains("unsafe", StringComparison.Ordinal));
    }

    [Fact]
    public void Policy_tests_keep_each_tests_print_output()
    {
        var engine = PolicyEngine.FromSources([("p_test.rego", """
            package p
            test_prints if {
                print("checking", 1 + 1)
                1 + 1 == 2
            }
            test_quiet if true
            """)]);
        var results = PolicyTestRunner.Run(engine);
        Assert.Equal(["checking 2"], results.Single(r => r.Name == "test_prints").Printed);
        Assert.Empty(results.Single(r => r.Name == "test_quiet").Printed);
    }
}
