using BenchmarkDotNet.Attributes;
using Gatehouse.Policy;
using Gatehouse.Policy.Values;

namespace Gatehouse.Benchmarks;

/// <summary>
/// The decision the gateway asks for on every call, <c>data.gatehouse.decision</c>, from the shipped bundle
/// (policies/default) for a typical chat request with one personal-data finding, as in its own tests.
/// The bundle is loaded and compiled once in setup, as in the gateway.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[MinColumn]
public class ShippedBundleBenchmarks
{
    private const string Input = """
        {"principal": {"id": "alice", "tenant": "acme", "roles": ["analyst"], "claims": {}},
         "request": {"endpoint": "chat.completions", "method": "POST", "model": "demo", "stream": false, "max_tokens": 256},
         "model": {"alias": "demo", "version": "1.2.0", "approved": true},
         "findings": [{"type": "EMAIL", "path": "messages[0].content", "score": 0.9, "count": 1}]}
        """;

    private PolicyEngine _engine = null!;
    private Value _input = null!;
    private Value[] _variedInputs = [];
    private int _next;

    /// <summary>Loads the bundle once and checks the typical request is allowed.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _engine = PolicyEngine.Load([BundleDirectory()]);
        _input = ValueJson.Parse(Input);
        if (_engine.Evaluate("data.gatehouse.decision", _input) is not ObjectValue decision || decision.Get("allow") is not BooleanValue { Value: true })
            throw new InvalidOperationException("the shipped bundle must allow the typical request");
        _variedInputs = VariedInputs(4096);
    }

    /// <summary>One decision for a parsed input (the gateway's hot path).</summary>
    [Benchmark]
    public Value? ShippedDecision() => _engine.Evaluate("data.gatehouse.decision", _input);

    /// <summary>
    /// One decision per call for a different input, cycling through 4,096 distinct requests (callers with one or two
    /// of the bundle's roles, models, purposes, max_tokens, zero to three findings): what a gateway sees, where no two
    /// requests are alike but the callers' roles repeat.
    /// </summary>
    [Benchmark]
    public Value? ShippedDecisionVaried() => EvaluateVaried("data.gatehouse.decision");

    /// <summary>
    /// One evaluation of any document of the bundle (<c>data.gatehouse.deny</c>) for the next varied input: the CPU
    /// harness's per-rule breakdown, which shows what each rule costs with the rules it depends on.
    /// </summary>
    internal Value? EvaluateVaried(string reference)
    {
        var input = _variedInputs[_next];
        _next = (_next + 1) % _variedInputs.Length;
        return _engine.Evaluate(reference, input);
    }

    private static Value[] VariedInputs(int count)
    {
        string[][] roleSets = [["analyst"], ["support"], ["developer"], ["clinician"], ["analyst", "support"], ["admin"], ["auditor"]];
        string[] models = ["demo", "support-slm", "summarizer", "clinical-slm"];
        string[] purposes = ["general", "analytics", "customer-support", "treatment", "testing"];
        string[] types = ["EMAIL", "PHONE", "PERSON", "LOCATION", "CREDIT_CARD", "IBAN", "IP_ADDRESS", "UK_NHS", "AWS_ACCESS_KEY"];
        var random = new Random(20261123);
        var inputs = new Value[count];
        for (var i = 0; i < count; i++)
        {
            var roles = string.Join(", ", roleSets[random.Next(roleSets.Length)].Select(r => '"' + r + '"'));
            var findings = Enumerable.Range(0, random.Next(4)).Select(f =>
                $$$"""{"type": "{{{types[random.Next(types.Length)]}}}", "path": "messages[{{{f}}}].content", "score": 0.{{{random.Next(50, 99)}}}, "count": {{{1 + random.Next(3)}}}}""");
            var purpose = random.Next(3) == 0 ? "" : $$""", "purpose": "{{purposes[random.Next(purposes.Length)]}}" """;
            var model = models[random.Next(models.Length)];
            inputs[i] = ValueJson.Parse($$$"""
                {"principal": {"id": "user-{{{i % 97}}}", "tenant": "acme", "roles": [{{{roles}}}], "claims": {}},
                 "request": {"endpoint": "chat.completions", "method": "POST", "model": "{{{model}}}", "stream": false, "max_tokens": {{{1 + i}}}{{{purpose}}}},
                 "model": {"alias": "{{{model}}}", "version": "1.2.0", "approved": true},
                 "findings": [{{{string.Join(", ", findings)}}}]}
                """);
        }
        return inputs;
    }

    private static string BundleDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "policies", "default");
            if (File.Exists(Path.Combine(dir.FullName, "Gatehouse.slnx")) && Directory.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException("policies/default not found above " + AppContext.BaseDirectory);
    }
}
