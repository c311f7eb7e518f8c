using System.Diagnostics;
using Gatehouse.Policy.Compiler;
using Gatehouse.Policy.Eval;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy;

/// <summary>The outcome of one <c>test_</c> rule.</summary>
/// <param name="Package">The package path, e.g. <c>data.gatehouse</c>.</param>
/// <param name="Name">The rule name, e.g. <c>test_admin_allowed</c>.</param>
/// <param name="Passed">Whether the rule evaluated to true.</param>
/// <param name="Error">The evaluation error, when there was one.</param>
/// <param name="Duration">How long the rule took.</param>
public sealed record PolicyTestResult(string Package, string Name, bool Passed, string? Error, TimeSpan Duration)
{
    /// <summary>The full rule path.</summary>
    public string FullName => $"{Package}.{Name}";

    /// <summary>The lines the test's <c>print</c> calls wrote, in order.</summary>
    public IReadOnlyList<string> Printed { get; init; } = [];
}

/// <summary>Runs the <c>test_</c> rules of a policy the way <c>opa test</c> does: a test passes when it is true.</summary>
public static class PolicyTestRunner
{
    /// <summary>Runs every rule whose name starts with <c>test_</c>, in path order.</summary>
    public static IReadOnlyList<PolicyTestResult> Run(PolicyEngine engine, QueryOptions? options = null)
    {
        var results = new List<PolicyTestResult>();
        foreach (var node in TestNodes(engine.Policy.Root))
        {
            var package = Evaluator.PathKey(node.Path.Take(node.Path.Length - 1));
            var name = ((StringValue)node.Path[^1]).Value;
            var stopwatch = Stopwatch.StartNew();
            // Each test's print output is kept with its result, as opa test shows it under the test it came from.
            var printed = new List<string>();
            var testOptions = (options ?? QueryOptions.Default) with { Print = printed.Add };
            try
            {
                var value = engine.Evaluate(package + "." + name, null, testOptions);
                results.Add(new PolicyTestResult(package, name, value is BooleanValue { Value: true }, null, stopwatch.Elapsed) { Printed = printed });
            }
            catch (Exception e) when (e is EvalException or Ast.RegoException)
            {
                results.Add(new PolicyTestResult(package, name, false, e.Message, stopwatch.Elapsed) { Printed = printed });
            }
        }
        return results;
    }

    private static IEnumerable<RuleNode> TestNodes(RuleNode node)
    {
        if (node.Path.Length > 0 && node.Path[^1] is StringValue s && s.Value.StartsWith("test_", StringComparison.Ordinal)
            && node.Rules.Count > 0 && !node.IsFunction)
            yield return node;
        foreach (var child in node.Children.OrderBy(c => c.Key).Select(c => c.Value))
            foreach (var test in TestNodes(child)) yield return test;
    }
}
