using Gatehouse.Policy.Ast;
using Gatehouse.Policy.Compiler;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Tests;

/// <summary>
/// A pure function called again with equal arguments in one query reuses its first result. These tests pin down which
/// functions count as pure (no nondeterministic builtin, no `with`, no read of `input` as a whole), and that a remembered result never reaches another query, other arguments, another
/// <c>input</c> or the inside of a <c>with</c>.
/// </summary>
public class FunctionCallMemoTests
{
    private const string Source = """
        package p

        action(f) := "block" if data.category[f.type] == "secret"
        action(f) := "mask" if not data.category[f.type] == "secret"
        scaled(x) := x * input.factor
        lucky(x) := x + rand.intn("seed", 1)
        mocked(x) := y if {
            y := scaled(x) with input.factor as 100
        }
        whole(x) := count(input) + x
        h(x) := x + 1000

        actions := {f.type: action(f) | some f in input.findings}
        blocked contains f.type if {
            some f in input.findings
            action(f) == "block"
        }
        twice := [scaled(1), scaled(1), scaled(2)]
        inner := [a, b, c] if {
            a := scaled(1)
            b := scaled(1) with input.factor as 7
            c := scaled(1)
        }
        replaced := [a, b, c] if {
            a := scaled(1)
            b := scaled(1) with data.p.scaled as h
            c := scaled(1)
        }
        """;

    private static PolicyEngine Engine() => PolicyEngine.FromSources([("p.rego", Source)],
        ValueJson.Parse("""{"category": {"AWS_ACCESS_KEY": "secret", "EMAIL": "personal"}}"""));

    [Fact]
    public void Only_functions_determined_by_their_arguments_input_and_data_are_pure()
    {
        var policy = RegoCompiler.Compile([RegoParser.ParseModule("p.rego", Source)]);
        var pure = InputDependencies.PureFunctions(policy.Root);
        bool Pure(string name) => pure.Contains(policy.Root.Find([new StringValue("p"), new StringValue(name)])!);

        Assert.True(Pure("action"));
        Assert.True(Pure("scaled"));
        Assert.True(Pure("h"));
        Assert.False(Pure("lucky"));
        Assert.False(Pure("mocked"));
        Assert.False(Pure("whole"));
    }

    [Fact]
    public void Each_finding_gets_the_action_of_its_own_type_in_every_query()
    {
        var engine = Engine();
        for (var round = 0; round < 3; round++)
        {
            var input = ValueJson.Parse("""
                {"findings": [{"type": "EMAIL", "path": "a"}, {"type": "AWS_ACCESS_KEY", "path": "b"}, {"type": "EMAIL", "path": "a"}]}
                """);
            Assert.Equal(ValueJson.Parse("""{"EMAIL": "mask", "AWS_ACCESS_KEY": "block"}"""), engine.Evaluate("data.p.actions", input));
            Assert.Equal(ValueJson.Parse("""["AWS_ACCESS_KEY"]"""), ToArray(engine.Evaluate("data.p.blocked", input)));
            var other = ValueJson.Parse("""{"findings": [{"type": "EMAIL", "path": "b"}]}""");
            Assert.Equal(ValueJson.Parse("""{"EMAIL": "mask"}"""), engine.Evaluate("data.p.actions", other));
            Assert.Equal(ValueJson.Parse("[]"), ToArray(engine.Evaluate("data.p.blocked", other)));
        }
    }

    [Fact]
    public void A_result_that_depends_on_input_is_never_served_to_another_query()
    {
        var engine = Engine();
        for (var factor = 1; factor <= 4; factor++)
            Assert.Equal(ValueJson.Parse($"[{factor}, {factor}, {2 * factor}]"), engine.Evaluate("data.p.twice", ValueJson.Parse($$"""{"factor": {{factor}}}""")));
    }

    [Fact]
    public void With_gets_results_of_its_own_and_the_outer_results_hold_after_it()
    {
        var engine = Engine();
        var input = ValueJson.Parse("""{"factor": 3}""");
        Assert.Equal(ValueJson.Parse("[3, 7, 3]"), engine.Evaluate("data.p.inner", input));
        Assert.Equal(ValueJson.Parse("[3, 1001, 3]"), engine.Evaluate("data.p.replaced", input));
        Assert.Equal(ValueJson.Parse("[1, 100]"), engine.Query("x := [data.p.scaled(1), data.p.mocked(1)]", ValueJson.Parse("""{"factor": 1}""")).Solutions[0].Bindings["x"]);
    }

    private static Value? ToArray(Value? value) => value is SetValue set ? new ArrayValue(set.Order().ToArray()) : value;
}
