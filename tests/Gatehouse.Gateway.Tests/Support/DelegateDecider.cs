using Gatehouse.Gateway.Pipeline;

namespace Gatehouse.Gateway.Tests.Support;

/// <summary>A policy decider for tests: the decision is computed by a function of the context (principal, findings).</summary>
public sealed class DelegateDecider(Func<GatewayContext, GatewayDecision> decide) : IPolicyDecider
{
    /// <summary>A permit with the given input and output actions.</summary>
    public static DelegateDecider Permit(IReadOnlyDictionary<string, EntityAction>? input = null, IReadOnlyDictionary<string, EntityAction>? output = null,
        Func<GatewayContext, bool>? restore = null) =>
        new(context => new GatewayDecision(true, ["test policy"], input ?? new Dictionary<string, EntityAction>(), output ?? new Dictionary<string, EntityAction>(), DecisionLimits.None)
        {
            RestorePseudonyms = restore?.Invoke(context) ?? false,
        });

    /// <summary>The contexts decided on, with what the detect stage found at that point.</summary>
    public List<GatewayContext> Seen { get; } = [];

    /// <inheritdoc />
    public ValueTask<GatewayDecision> DecideAsync(GatewayContext context, CancellationToken cancellationToken)
    {
        lock (Seen)
            Seen.Add(context);
        return ValueTask.FromResult(decide(context));
    }
}
