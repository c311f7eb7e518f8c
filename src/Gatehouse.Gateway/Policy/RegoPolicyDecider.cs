using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Gatehouse.Gateway.Configuration;
using Gatehouse.Gateway.Pipeline;
using Gatehouse.Policy;
using Gatehouse.Policy.Eval;
using Gatehouse.Policy.Values;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Gateway.Policy;

/// <summary>
/// The decide stage: evaluates <c>data.gatehouse.decision</c> of the serving <see cref="PolicyBundle"/> with the input
/// of <see cref="PolicyInputBuilder"/>, and fails closed: any evaluation error denies the call and says why.
/// The bundle revision that decided is put on the context for the audit record.
/// </summary>
public sealed class RegoPolicyDecider(PolicyBundle bundle, PolicyEnvironment environment, GatewayConfig config, ILogger<RegoPolicyDecider> logger) : IPolicyDecider
{
    /// <summary>The document the gateway asks for.</summary>
    public const string DecisionRef = "data.gatehouse.decision";

    private const string CategoriesRef = "data.gatehouse.entities.category";
    // A reference, so concurrent requests swap it atomically (a struct pair could tear: a new revision with old data).
    private Categorised? _categories;

    // Most calls get one of a few decisions (same allow, actions and limits), and mapping one walks every entity
    // type's action: mapped once per distinct value (values compare by structure), then reused. The mapping depends
    // only on the value and this decider's config, so a bundle reload needs no invalidation.
    private const int MaxRememberedDecisions = 256;
    private readonly ConcurrentDictionary<Value, GatewayDecision> _decisions = new();

    /// <inheritdoc />
    public ValueTask<GatewayDecision> DecideAsync(GatewayContext context, CancellationToken cancellationToken)
    {
        var engine = bundle.Engine;
        context.PolicyRevision = engine.Revision;
        try
        {
            var input = PolicyInputBuilder.Build(context, environment.Name, Categories(engine));
            var options = new QueryOptions { Now = context.StartedAt, CancellationToken = cancellationToken };
            var decision = Decision(engine.Evaluate(DecisionRef, input, options));
            // The registry gate holds whatever the bundle says: an unservable registry version is never routed to.
            // Admin routes route nothing (a weights download names a model so the policy can weigh its approval).
            if (decision.Allow && context.Model is { Approved: false } refused && !context.Endpoint.StartsWith("admin.", StringComparison.Ordinal))
                return ValueTask.FromResult(GatewayDecision.Deny(refused.RegistryProblem ?? $"model {refused.Alias} is not approved"));
            return ValueTask.FromResult(decision);
        }
        catch (EvalException e)
        {
            logger.LogError("Policy evaluation failed for request {RequestId} (revision {Revision}): {Error}", context.RequestId, engine.Revision, e.Message);
            return ValueTask.FromResult(GatewayDecision.Deny($"policy error ({e.Code}), the call is denied: {e.Message}"));
        }
    }

    /// <summary>The mapped decision for <paramref name="value"/>, with the config's limits as a ceiling.</summary>
    private GatewayDecision Decision(Value? value)
    {
        if (value is null)
            return Mapped(value);
        if (_decisions.TryGetValue(value, out var decision))
            return decision;
        if (_decisions.Count >= MaxRememberedDecisions)
            _decisions.Clear();
        return _decisions[value] = Mapped(value);
    }

    private GatewayDecision Mapped(Value? value)
    {
        var decision = DecisionMapper.Map(value);
        return decision with { Limits = WithConfigCeiling(decision.Limits) };
    }

    // The config's limits section stays a gateway-wide ceiling: the stricter of it and the policy applies.
    private DecisionLimits WithConfigCeiling(DecisionLimits limits) => new(
        limits.MaxTokens,
        Stricter(limits.RequestsPerMinute, config.Limits.RequestsPerMinute),
        Stricter(limits.TokensPerMinute, config.Limits.TokensPerMinute));

    private static int? Stricter(int? policy, int config) =>
        config <= 0 ? policy : policy is { } p ? Math.Min(p, config) : config;

    // Entity categories are policy data that does not depend on the input: evaluated once per bundle revision.
    private IReadOnlyDictionary<string, string> Categories(PolicyEngine engine)
    {
        if (_categories is { } cached && cached.Revision == engine.Revision)
            return cached.Map;
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            if (engine.EvaluateJson(CategoriesRef, null) is JsonObject categories)
                foreach (var (type, value) in categories)
                    if (value is JsonValue v && v.TryGetValue<string>(out var category))
                        map[type] = category;
        }
        catch (EvalException e)
        {
            logger.LogWarning("{Ref} could not be evaluated, findings go to the policy without categories: {Error}", CategoriesRef, e.Message);
        }
        _categories = new Categorised(engine.Revision, map);
        return map;
    }

    private sealed record Categorised(string Revision, IReadOnlyDictionary<string, string> Map);
}

/// <summary>The deployment environment named in the policy input's <c>context.environment</c> (e.g. <c>production</c>).</summary>
/// <param name="Name">Lower-case environment name.</param>
public sealed record PolicyEnvironment(string Name);
