using Gatehouse.Policy.Values;
using Gatehouse.Testing;

namespace Gatehouse.Policy.Tests;

/// <summary>The shipped bundle (policies/default) through the engine: its own test rules and the gateway's query.</summary>
public class ShippedBundleTests
{
    private static readonly Lazy<PolicyEngine> Bundle = new(() => PolicyEngine.Load([Path.Combine(RepositoryPaths.Root, "policies", "default")]));

    [Fact]
    public void Every_test_rule_of_the_bundle_passes()
    {
        var results = PolicyTestRunner.Run(Bundle.Value);
        Assert.True(results.Count >= 10, $"expected the bundle's test rules, found {results.Count}");
        Assert.All(results, r => Assert.True(r.Passed, $"{r.FullName}: {r.Error}"));
    }

    [Fact]
    public void Repeated_decisions_for_different_callers_do_not_leak_into_each_other()
    {
        var analyst = ValueJson.Parse("""
            {"principal": {"id": "alice", "tenant": "acme", "roles": ["analyst"], "claims": {}},
             "request": {"endpoint": "chat.completions", "method": "POST", "model": "demo", "stream": false, "max_tokens": 256},
             "model": {"alias": "demo", "version": "1.2.0", "approved": true},
             "findings": [{"type": "EMAIL", "path": "messages[0].content", "score": 0.9, "count": 1}]}
            """);
        var support = ValueJson.Parse("""
            {"principal": {"id": "bob", "tenant": "acme", "roles": ["support"], "claims": {}},
             "request": {"endpoint": "chat.completions", "method": "POST", "model": "clinical-slm", "stream": false, "max_tokens": 256},
             "model": {"alias": "clinical-slm", "version": "1.0.0", "approved": true},
             "findings": [{"type": "AWS_ACCESS_KEY", "path": "messages[0].content", "score": 0.9, "count": 1}]}
            """);
        for (var round = 0; round < 3; round++)
        {
            var allowed = (ObjectValue)Bundle.Value.Evaluate("data.gatehouse.decision", analyst)!;
            Assert.Equal(BooleanValue.True, allowed.Get("allow"));
            Assert.Equal("mask", ((StringValue)((ObjectValue)allowed.Get("input_actions")!).Get("EMAIL")!).Value);
            Assert.Equal(NumberValue.Of(2048), ((ObjectValue)allowed.Get("limits")!).Get("max_tokens"));

            var denied = (ObjectValue)Bundle.Value.Evaluate("data.gatehouse.decision", support)!;
            Assert.Equal(BooleanValue.False, denied.Get("allow"));
            Assert.Equal("block", ((StringValue)((ObjectValue)denied.Get("input_actions")!).Get("AWS_ACCESS_KEY")!).Value);
            Assert.Equal("allow", ((StringValue)denied.Get("default_output_action")!).Value);
            Assert.Equal(2, ((ArrayValue)denied.Get("reasons")!).Count);
        }
    }
}
