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

    /// <summary>Loads the bundle once and checks the typical request is allowed.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _engine = PolicyEngine.Load([BundleDirectory()]);
        _input = ValueJson.Parse(Input);
        if (_engine.Evaluate("data.gatehouse.decision", _input) is not ObjectValue decision || decision.Get("allow") is not BooleanValue { Value: true })
            throw new InvalidOperationException("the shipped bundle must allow the typical request");
    }

    /// <summary>One decision for a parsed input (the gateway's hot path).</summary>
    [Benchmark]
    public Value? ShippedDecision() => _engine.Evaluate("data.gatehouse.decision", _input);

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
