using Gatehouse.Policy.Ast;
using Gatehouse.Policy.Compiler;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Tests;

/// <summary>
/// Rules that read only a few input paths are memoised per distinct value of those paths and shared between queries;
/// these tests pin down that the analysis finds the right paths and that a memoised value is never served to an input
/// it does not belong to (other roles, an absent or non-object value, <c>with</c>, many distinct keys).
/// </summary>
public class InputKeyedRuleTests
{
    private const string Source = """
        package p

        roles := {r | some r in input.user.roles}
        limit := min({data.limits[r] | some r in roles})
        opened := {r | some r in object.get(input.model, "roles", ["none"])}
        everything := {k | some k, _ in input}
        f(x) := x + count(roles)
        scaled := [f(i) | some i in numbers.range(1, 3)]
        """;

    private static PolicyEngine Engine() => PolicyEngine.FromSources([("p.rego", Source)],
        ValueJson.Parse("""{"limits": {"a": 10, "b": 20, "c": 5}}"""));

    private static Value Roles(params string[] roles) =>
        ValueJson.Parse("""{"user": {"roles": [""" + string.Join(", ", roles.Select(r => '"' + r + '"')) + "]}}");

    [Fact]
    public void The_analysis_names_the_input_paths_each_rule_reads()
    {
        var policy = RegoCompiler.Compile([RegoParser.ParseModule("p.rego", Source)]);
        var found = InputDependencies.Find(policy.Root);
        RuleNode Node(string name) => policy.Root.Find([new StringValue("p"), new StringValue(name)])!;
        string Paths(string name) => string.Join(" ", found[Node(name)].Paths.Select(p => string.Join('.', p.Path.Select(k => ((StringValue)k).Value)) + (p.Guard is { } g ? $"@{g}" : "")));

        Assert.Equal("user.roles", Paths("roles"));
        Assert.Equal("user.roles", Paths("limit"));
        Assert.Equal("user.roles", Paths("scaled"));
        Assert.Equal("model.roles@1", Paths("opened"));
        Assert.False(found.ContainsKey(Node("everything")));
        Assert.True(found[Node("limit")].Iterates);
    }

    [Fact]
    public void Each_distinct_role_set_gets_its_own_value()
    {
        var engine = Engine();
        for (var round = 0; round < 3; round++)
        {
            Assert.Equal(Number(10), engine.Evaluate("data.p.limit", Roles("a")));
            Assert.Equal(Number(20), engine.Evaluate("data.p.limit", Roles("b")));
            Assert.Equal(Number(5), engine.Evaluate("data.p.limit", Roles("a", "c")));
            Assert.Null(engine.Evaluate("data.p.limit", Roles()));
            Assert.Equal(ValueJson.Parse("[3, 4, 5]"), engine.Evaluate("data.p.scaled", Roles("a", "b")));
        }
    }

    [Fact]
    public void Object_get_distinguishes_an_absent_key_from_a_value_that_is_not_an_object()
    {
        var engine = Engine();
        for (var round = 0; round < 2; round++)
        {
            Assert.Equal(ValueJson.Parse("""["x"]"""), ToArray(engine.Evaluate("data.p.opened", ValueJson.Parse("""{"model": {"roles": ["x"]}}"""))));
            Assert.Equal(ValueJson.Parse("""["none"]"""), ToArray(engine.Evaluate("data.p.opened", ValueJson.Parse("""{"model": {}}"""))));
            // object.get of a string is an error (undefined here), so the comprehension is empty, not the default.
            Assert.Equal(ValueJson.Parse("[]"), ToArray(engine.Evaluate("data.p.opened", ValueJson.Parse("""{"model": "text"}"""))));
            Assert.Equal(ValueJson.Parse("[]"), ToArray(engine.Evaluate("data.p.opened", ValueJson.Parse("""{}"""))));
        }
    }

    [Fact]
    public void With_input_sees_its_own_input()
    {
        var engine = Engine();
        Assert.Equal(Number(10), engine.Evaluate("data.p.limit", Roles("a")));
        var result = engine.Query("""x := data.p.limit with input.user.roles as ["b"]""", Roles("a"));
        Assert.Equal(Number(20), result.Solutions.Single().Bindings["x"]);
        var mocked = engine.Query("""x := data.p.limit with data.limits as {"a": 1}""", Roles("a"));
        Assert.Equal(Number(1), mocked.Solutions.Single().Bindings["x"]);
        Assert.Equal(Number(10), engine.Evaluate("data.p.limit", Roles("a")));
    }

    [Fact]
    public void Values_stay_right_past_the_store_capacity_and_after_the_memo_switches_off()
    {
        var engine = Engine();
        var count = Eval.InputKeyedValues.Capacity * 3;
        for (var pass = 0; pass < 2; pass++)
            for (var i = 0; i < count; i++)
            {
                var input = ValueJson.Parse("""{"user": {"roles": ["a", "r""" + i + "\"]}}");
                Assert.Equal(Number(10), engine.Evaluate("data.p.limit", input));
                Assert.Equal(ValueJson.Parse($$"""["a", "r{{i}}"]"""), ToArray(engine.Evaluate("data.p.roles", input)));
            }
    }

    [Fact]
    public void Concurrent_queries_with_different_roles_each_get_their_own_value()
    {
        var engine = Engine();
        var expected = new Dictionary<string, Value> { ["a"] = Number(10), ["b"] = Number(20), ["c"] = Number(5) };
        var wrong = 0;
        Parallel.For(0, 3_000, i =>
        {
            var role = "abc"[i % 3].ToString();
            if (!expected[role].Equals(engine.Evaluate("data.p.limit", Roles(role)))) Interlocked.Increment(ref wrong);
        });
        Assert.Equal(0, wrong);
    }

    private static Value Number(int n) => ValueJson.Parse(n.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static Value? ToArray(Value? set) => set is SetValue s ? new ArrayValue(s.Order().ToArray()) : set;
}
