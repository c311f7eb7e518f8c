using BenchmarkDotNet.Attributes;
using Gatehouse.Policy;
using Gatehouse.Policy.Values;

namespace Gatehouse.Benchmarks;

/// <summary>
/// The per-request decision: a realistic policy (roles mapped to allowed models and purposes, an action per detected
/// entity type, limits per role) evaluated for a typical request. Compilation happens once in setup, as in the gateway.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[MinColumn]
public class PolicyBenchmarks
{
    private const string Policy = """
        package gatehouse

        default allow := false

        roles := {r | some r in input.principal.roles}

        allowed_models contains model if {
            some role in roles
            some model in data.gatehouse.role_models[role]
        }

        allow if {
            input.model.name in allowed_models
            input.request.purpose in data.gatehouse.role_purposes[_]
            count(deny_reasons) == 0
        }

        deny_reasons contains "secrets are always blocked" if {
            some finding in input.findings
            finding.entity == "secret"
        }

        deny_reasons contains sprintf("model %s is not allowed for roles %v", [input.model.name, roles]) if {
            not input.model.name in allowed_models
        }

        input_actions[entity] := action if {
            some finding in input.findings
            entity := finding.entity
            action := data.gatehouse.entity_actions[entity]
        }

        max_tokens := min([data.gatehouse.role_limits[r].max_tokens | some r in roles])

        decision := {
            "allow": allow,
            "reasons": deny_reasons,
            "input_actions": input_actions,
            "limits": {"max_tokens": max_tokens},
        }
        """;

    private const string Data = """
        {"gatehouse": {
          "role_models": {"analyst": ["small-1", "small-2"], "engineer": ["code-1", "small-1"], "admin": ["small-1", "small-2", "code-1"]},
          "role_purposes": {"analyst": ["analysis", "summarization"], "engineer": ["coding"], "admin": ["analysis", "coding", "admin"]},
          "entity_actions": {"email": "mask", "phone": "redact", "iban": "block", "person": "pseudonymize", "secret": "block"},
          "role_limits": {"analyst": {"max_tokens": 2048}, "engineer": {"max_tokens": 4096}, "admin": {"max_tokens": 8192}}
        }}
        """;

    private const string Input = """
        {"principal": {"id": "u-123", "tenant": "acme", "roles": ["analyst"], "claims": {"dept": "finance"}},
         "request": {"endpoint": "/v1/chat/completions", "purpose": "analysis", "stream": false, "max_tokens": 512, "messages": 3},
         "model": {"name": "small-1", "version": "1.0", "approval": "approved"},
         "findings": [{"entity": "email", "where": "input", "score": 0.98, "count": 2}, {"entity": "person", "where": "input", "score": 0.9, "count": 1}],
         "context": {"time": "2026-01-01T10:00:00Z", "client": "10.0.0.1", "environment": "prod"}}
        """;

    private PolicyEngine _engine = null!;
    private Value _input = null!;

    /// <summary>Compiles the policy once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _engine = PolicyEngine.FromSources([("gatehouse.rego", Policy)], ValueJson.Parse(Data));
        _input = ValueJson.Parse(Input);
        if (_engine.Evaluate("data.gatehouse.decision", _input) is not ObjectValue decision || decision.Get("allow") is not BooleanValue { Value: true })
            throw new InvalidOperationException("the benchmark policy must allow the typical request");
    }

    /// <summary>One decision for a parsed input (the gateway's hot path).</summary>
    [Benchmark]
    public Value? Decision() => _engine.Evaluate("data.gatehouse.decision", _input);

    /// <summary>One decision including converting the input from JSON text.</summary>
    [Benchmark]
    public Value? DecisionFromJson() => _engine.Evaluate("data.gatehouse.decision", ValueJson.Parse(Input));
}
