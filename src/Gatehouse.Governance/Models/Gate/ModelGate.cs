using System.Text.Json.Nodes;
using Gatehouse.Governance.Models.Registry;
using Gatehouse.Policy;
using Gatehouse.Policy.Eval;

namespace Gatehouse.Governance.Models.Gate;

/// <summary>
/// The deployment gate: gathers the facts for a model version, evaluates <c>data.gatehouse.deploy</c> on them, and
/// records the decision in the registry (which reports it to the audit sink). A policy that gives no decision, or one
/// of the wrong shape, is an error, never a pass.
/// </summary>
public sealed class ModelGate
{
    /// <summary>The Rego document the gate evaluates.</summary>
    public const string PolicyReference = "data.gatehouse.deploy";

    private readonly ModelRegistry registry;
    private readonly ModelGateFactsBuilder facts;
    private readonly PolicyEngine policy;

    /// <summary>Creates a gate over a registry and a loaded policy bundle.</summary>
    public ModelGate(ModelRegistry registry, PolicyEngine policy)
    {
        this.registry = registry;
        this.policy = policy;
        facts = new ModelGateFactsBuilder(registry, new RedTeamResultStore(registry));
    }

    /// <summary>Gathers the facts, decides, and records the decision.</summary>
    /// <param name="reference">The model version.</param>
    /// <param name="actor">Who runs the gate.</param>
    /// <param name="cancellationToken">Stops hashing.</param>
    /// <returns>The decision and the facts it was made on.</returns>
    /// <exception cref="ModelGovernanceException">Unknown model, or the policy gives no usable decision.</exception>
    public async Task<(GateDecision Decision, ModelGateFacts Facts)> EvaluateAsync(ModelReference reference, string actor,
        CancellationToken cancellationToken = default)
    {
        var gathered = await facts.BuildAsync(reference, actor, cancellationToken).ConfigureAwait(false);
        JsonNode? result;
        try
        {
            result = policy.EvaluateJson(PolicyReference, gathered.ToJson(), new QueryOptions { CancellationToken = cancellationToken });
        }
        catch (EvalException e)
        {
            throw new ModelGovernanceException(ModelErrorKind.InvalidGatePolicy, $"{PolicyReference} failed to evaluate: {e.Message}");
        }
        var decision = Read(result, reference, actor);
        await registry.RecordGateDecisionAsync(decision, cancellationToken).ConfigureAwait(false);
        return (decision, gathered);
    }

    private GateDecision Read(JsonNode? result, ModelReference reference, string actor)
    {
        if (result is not JsonObject decision)
            throw new ModelGovernanceException(ModelErrorKind.InvalidGatePolicy,
                $"{PolicyReference} is undefined in the policy bundle: does it contain deploy.rego (package gatehouse.deploy)?");
        if (decision["allow"] is not JsonValue allowValue || !allowValue.TryGetValue<bool>(out var allow))
            throw Shape("\"allow\" must be a boolean");
        if (decision["checks"] is not JsonArray checkArray)
            throw Shape("\"checks\" must be an array");
        var checks = new List<GateCheck>();
        foreach (var node in checkArray)
        {
            if (node is not JsonObject check || check["name"] is not JsonValue name || !name.TryGetValue<string>(out var checkName)
                || check["passed"] is not JsonValue passed || !passed.TryGetValue<bool>(out var checkPassed))
                throw Shape("each check needs a string \"name\" and a boolean \"passed\"");
            var detail = check["detail"] is JsonValue d && d.TryGetValue<string>(out var text) ? text : "";
            checks.Add(new GateCheck(checkName, checkPassed, detail));
        }
        // Fail closed: a policy that allows while reporting a failed check is contradicting itself.
        if (allow && checks.Any(c => !c.Passed))
            throw Shape("\"allow\" is true while a check failed");
        return new GateDecision(reference, allow, checks, policy.Revision, registry.Time.GetUtcNow(), actor);
    }

    private static ModelGovernanceException Shape(string problem) =>
        new(ModelErrorKind.InvalidGatePolicy, $"{PolicyReference} returned a decision of the wrong shape: {problem}");
}
