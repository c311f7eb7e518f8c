using System.Text.Json.Nodes;
using Gatehouse.Policy.Eval;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Tests;

public class EngineTests
{
    private static PolicyEngine Engine(string source, string? dataJson = null) =>
        PolicyEngine.FromSources([("policy.rego", source)], dataJson is null ? null : ValueJson.Parse(dataJson));

    private const string Decision = """
        package gatehouse

        default allow := false

        allow if {
            some role in input.principal.roles
            input.request.model in data.models[role]
        }

        reasons contains "model not allowed for role" if not allow

        actions[entity] := action if {
            some finding in input.findings
            entity := finding.entity
            action := object.get_or(data.actions, entity, "allow")
        }

        decision := {"allow": allow, "reasons": reasons}
        """;

    [Fact]
    public void Evaluates_a_decision_with_data_and_input()
    {
        var engine = Engine(Decision.Replace("object.get_or(data.actions, entity, \"allow\")", "data.actions[entity]"),
            """{"models": {"analyst": ["small-1"]}, "actions": {"email": "mask"}}""");
        var input = JsonNode.Parse("""{"principal": {"roles": ["analyst"]}, "request": {"model": "small-1"}, "findings": [{"entity": "email"}]}""");
        var decision = engine.EvaluateJson("data.gatehouse.decision", input);
        Assert.Equal("""{"allow":true,"reasons":[]}""", decision!.ToJsonString());
        Assert.Equal("""{"email":"mask"}""", engine.EvaluateJson("data.gatehouse.actions", input)!.ToJsonString());

        var denied = engine.Evaluate("data.gatehouse.decision", ValueJson.Parse("""{"principal": {"roles": ["guest"]}, "request": {"model": "small-1"}, "findings": []}"""));
        Assert.Equal("""{"allow": false, "reasons": {"model not allowed for role"}}""", denied!.ToString());
    }

    [Fact]
    public void Undefined_is_null_and_queries_report_bindings_and_expressions()
    {
        var engine = Engine("package t\n\np contains x if some x in [1, 2, 3]\n");
        Assert.Null(engine.Evaluate("data.t.missing"));
        var result = engine.Query("data.t.p[x]; x > 1");
        Assert.Equal([2, 3], result.Solutions.Select(s => ((NumberValue)s.Bindings["x"]).ToBigInteger()).Select(b => (int)b));
        Assert.Equal("data.t.p[x]", result.Solutions[0].Expressions[0].Text);
        Assert.False(engine.Query("data.t.p[x]; x > 5").IsDefined);
    }

    [Theory]
    [InlineData("package t\n\np := 1 if true\np := 2 if true\n", "data.t.p", "eval_conflict_error", "complete rules must not produce multiple outputs")]
    [InlineData("package t\n\nf(x) := 1 if true\nf(x) := 2 if true\np := f(1)\n", "data.t.p", "eval_conflict_error", "functions must not produce multiple outputs for same inputs")]
    [InlineData("package t\n\np := 1 / 0\n", "data.t.p", "eval_builtin_error", "div: divide by zero")]
    [InlineData("package t\n\np := count(1)\n", "data.t.p", "eval_type_error", "count: operand 1 must be one of {array, object, set, string} but got number")]
    public void Evaluation_errors_read_like_opa(string source, string query, string code, string message)
    {
        var error = Assert.Throws<EvalException>(() => Engine(source).Query(query, options: new QueryOptions { StrictBuiltinErrors = true }));
        Assert.Equal(code, error.Code);
        Assert.Contains(message, error.Message);
        Assert.StartsWith("policy.rego:", error.Message);
    }

    [Fact]
    public void Builtin_errors_are_undefined_unless_strict()
    {
        Assert.Null(Engine("package t\n\np := 1 / 0\n").Evaluate("data.t.p"));
    }

    [Fact]
    public void Unsafe_variables_and_unknown_functions_fail_loading_with_locations()
    {
        var error = Assert.Throws<PolicyLoadException>(() => Engine("package t\n\np if {\n  x > 1\n}\n\nq := nope(1)\n"));
        Assert.Contains("policy.rego:4:3: rego_unsafe_var_error: var x is unsafe", error.Errors);
        Assert.Contains("policy.rego:7:6: rego_type_error: undefined function nope", error.Errors);
    }

    [Fact]
    public void Recursion_is_rejected_at_compile_time_with_the_cycle_and_its_location()
    {
        var error = Assert.Throws<PolicyLoadException>(() => Engine("package t\n\np if q\nq if p\n"));
        Assert.Contains("policy.rego:3:1: rego_recursion_error: rule data.t.p is recursive: data.t.p -> data.t.q -> data.t.p", error.Errors);
        Assert.Single(error.Errors);
        var function = Assert.Throws<PolicyLoadException>(() => Engine("package t\n\nf(x) := y if y := g(x)\ng(x) := f(x)\n"));
        Assert.Contains(function.Errors, e => e.Contains("rego_recursion_error: rule data.t.f is recursive: data.t.f -> data.t.g -> data.t.f", StringComparison.Ordinal));
        var self = Assert.Throws<PolicyLoadException>(() => Engine("package t\n\nall := data.t\n"));
        Assert.Contains("policy.rego:3:1: rego_recursion_error: rule data.t.all is recursive: data.t.all -> data.t.all", self.Errors);
    }

    [Fact]
    public void Recursion_through_a_dynamic_reference_is_an_evaluation_error_not_a_crash()
    {
        var engine = Engine("package t\n\np if data[input.pkg].q\nq if p\n");
        var error = Assert.Throws<EvalException>(() => engine.Evaluate("data.t.p", ValueJson.Parse("""{"pkg": "t"}""")));
        Assert.Equal("rego_recursion_error", error.Code);
    }

    [Fact]
    public void Runaway_queries_time_out()
    {
        var engine = Engine("package t\n\nn := [x | some x in [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20]]\np := count([1 | some a in n; some b in n; some c in n; some d in n; some e in n])\n");
        var error = Assert.Throws<EvalException>(() => engine.Evaluate("data.t.p", null, new QueryOptions { Timeout = TimeSpan.FromMilliseconds(100) }));
        Assert.Equal("eval_cancel_error", error.Code);
    }

    [Fact]
    public void A_step_budget_stops_a_runaway_query_whatever_the_clock_says()
    {
        var engine = Engine("package t\n\nn := numbers.range(1, 100)\np := count([1 | some a in n; some b in n; some c in n])\n");
        var error = Assert.Throws<EvalException>(() => engine.Evaluate("data.t.p", null, new QueryOptions { MaxSteps = 10_000, Timeout = TimeSpan.FromHours(1) }));
        Assert.Equal("eval_cancel_error", error.Code);
        Assert.Contains("exceeded 10000 steps", error.Message);
        Assert.Equal(NumberValue.Of(1_000_000), engine.Evaluate("data.t.p"));
    }

    [Fact]
    public void Concurrent_evaluation_gives_consistent_results()
    {
        var engine = Engine("package t\n\nallow if input.user == \"alice\"\n");
        var results = new bool[200];
        Parallel.For(0, results.Length, i =>
        {
            var user = i % 2 == 0 ? "alice" : "bob";
            results[i] = engine.Evaluate("data.t.allow", ValueJson.Parse($$"""{"user": "{{user}}"}""")) is BooleanValue { Value: true };
        });
        Assert.All(Enumerable.Range(0, results.Length), i => Assert.Equal(i % 2 == 0, results[i]));
    }

    [Fact]
    public void With_every_else_and_ref_heads_work_together()
    {
        var engine = Engine("""
            package t

            all_small if every x in input.xs { x < 10 }
            grade := "a" if input.score > 90
            else := "b" if input.score > 80
            else := "c"
            users.alice.role := "admin"
            users[name].role := "user" if some name in ["bob"]
            """);
        Assert.Equal(BooleanValue.True, engine.Query("data.t.all_small with input.xs as [1, 2]").Solutions[0].Expressions[0].Value);
        Assert.False(engine.Query("data.t.all_small with input.xs as [1, 20]").IsDefined);
        Assert.Equal("\"b\"", engine.Evaluate("data.t.grade", ValueJson.Parse("""{"score": 85}"""))!.ToString());
        Assert.Equal("\"c\"", engine.Evaluate("data.t.grade", ValueJson.Parse("""{"score": 5}"""))!.ToString());
        Assert.Equal("""{"alice": {"role": "admin"}, "bob": {"role": "user"}}""", engine.Evaluate("data.t.users")!.ToString());
    }

    [Fact]
    public void Load_reads_directories_with_data_files_and_reports_every_bad_file()
    {
        var dir = Directory.CreateTempSubdirectory("gatehouse-policy-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "p.rego"), "package app\n\nallow if data.app.config.open\n");
            Directory.CreateDirectory(Path.Combine(dir.FullName, "app", "config"));
            File.WriteAllText(Path.Combine(dir.FullName, "app", "config", "data.yaml"), "open: true\n");
            var engine = PolicyEngine.Load([dir.FullName]);
            Assert.Equal(BooleanValue.True, engine.Evaluate("data.app.allow"));
            Assert.Equal(64, engine.Revision.Length);

            File.WriteAllText(Path.Combine(dir.FullName, "bad.rego"), "package bad\n\np := [\n");
            File.WriteAllText(Path.Combine(dir.FullName, "bad.json"), "{\"a\": }");
            var error = Assert.Throws<PolicyLoadException>(() => PolicyEngine.Load([dir.FullName]));
            Assert.Equal(2, error.Errors.Count);
            Assert.Contains(error.Errors, e => e.StartsWith(Path.Combine(dir.FullName, "bad.rego") + ":4:1: rego_parse_error", StringComparison.Ordinal));
            Assert.Contains(error.Errors, e => e.StartsWith(Path.Combine(dir.FullName, "bad.json") + ":1:", StringComparison.Ordinal));
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
