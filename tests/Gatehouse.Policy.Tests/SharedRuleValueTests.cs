using Gatehouse.Policy.Eval;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Tests;

/// <summary>
/// Input-independent rules are computed once per engine and shared by later queries; these tests pin down when that
/// sharing must not happen (input, <c>with</c>, strict builtin errors, nondeterministic builtins).
/// </summary>
public class SharedRuleValueTests
{
    private const string Source = """
        package p

        table := {k: v | some k, v in data.base}
        size := count(table)
        mine := table[input.key]
        ratio := 1 / data.zero
        now := time.now_ns()
        shifted := size + f(1)
        f(x) := x + data.offset
        """;

    private static PolicyEngine Engine() => PolicyEngine.FromSources([("p.rego", Source)],
        ValueJson.Parse("""{"base": {"a": 1, "b": 2}, "zero": 0, "offset": 10}"""));

    private static Value Input(string key) => ValueJson.Parse($$"""{"key": "{{key}}"}""");

    [Fact]
    public void Data_only_rules_give_the_same_value_to_every_query()
    {
        var engine = Engine();
        Assert.Equal(NumberValue.Of(2), engine.Evaluate("data.p.size"));
        Assert.Equal(NumberValue.Of(2), engine.Evaluate("data.p.size", Input("a")));
        Assert.Equal(NumberValue.Of(13), engine.Evaluate("data.p.shifted"));
    }

    [Fact]
    public void Rules_reading_input_are_evaluated_per_query()
    {
        var engine = Engine();
        Assert.Equal(NumberValue.Of(1), engine.Evaluate("data.p.mine", Input("a")));
        Assert.Equal(NumberValue.Of(2), engine.Evaluate("data.p.mine", Input("b")));
        Assert.Null(engine.Evaluate("data.p.mine", Input("c")));
    }

    [Fact]
    public void With_data_sees_its_own_values_and_does_not_disturb_the_shared_ones()
    {
        var engine = Engine();
        Assert.Equal(NumberValue.Of(2), engine.Evaluate("data.p.size"));
        var replaced = engine.Query("x := data.p.size with data.base as {\"only\": 1}");
        Assert.Equal(NumberValue.Of(1), replaced.Solutions.Single().Bindings["x"]);
        var mocked = engine.Query("x := data.p.shifted with data.p.f as 100");
        Assert.Equal(NumberValue.Of(102), mocked.Solutions.Single().Bindings["x"]);
        Assert.Equal(NumberValue.Of(2), engine.Evaluate("data.p.size"));
        Assert.Equal(NumberValue.Of(13), engine.Evaluate("data.p.shifted"));
    }

    [Fact]
    public void A_lenient_undefined_result_is_not_reused_by_a_strict_query()
    {
        var engine = Engine();
        Assert.Null(engine.Evaluate("data.p.ratio"));
        var error = Assert.Throws<EvalException>(() => engine.Evaluate("data.p.ratio", null, new QueryOptions { StrictBuiltinErrors = true }));
        Assert.Contains("divide by zero", error.Message);
        Assert.Null(engine.Evaluate("data.p.ratio"));
    }

    [Fact]
    public void Nondeterministic_builtins_are_evaluated_per_query()
    {
        var engine = Engine();
        var first = engine.Evaluate("data.p.now", null, new QueryOptions { Now = DateTimeOffset.FromUnixTimeSeconds(1) });
        var second = engine.Evaluate("data.p.now", null, new QueryOptions { Now = DateTimeOffset.FromUnixTimeSeconds(2) });
        Assert.Equal(NumberValue.Of(1_000_000_000L), first);
        Assert.Equal(NumberValue.Of(2_000_000_000L), second);
    }
}
