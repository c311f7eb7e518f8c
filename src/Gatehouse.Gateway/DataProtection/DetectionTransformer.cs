using System.Text.Json.Nodes;
using Gatehouse.Detection;
using Gatehouse.Detection.Operators;
using Gatehouse.Gateway.Hosting;
using Gatehouse.Gateway.Pipeline;

namespace Gatehouse.Gateway.DataProtection;

/// <summary>
/// Transform stage: applies the decision's input actions to what the detect stage found, by path, then the decision's
/// token limit. A block action refuses the request (403, naming types and paths, never values). A type the decision
/// lists no action for is masked, so a policy that forgets a type never lets it through in clear. Pseudonyms go into a
/// per-request vault kept on the context for the output guard.
/// </summary>
public sealed class DetectionTransformer(DetectionRuntime runtime) : IRequestTransformer
{
    private readonly MaxTokensTransformer _limits = new();

    /// <inheritdoc />
    public async ValueTask TransformAsync(GatewayContext context, CancellationToken cancellationToken)
    {
        if (context.InputFindingLocations.Count > 0 && context.Decision is { } decision && context.RequestBody is { } body)
            context.RequestBody = Apply(context, decision, body);
        await _limits.TransformAsync(context, cancellationToken);
    }

    private JsonObject Apply(GatewayContext context, GatewayDecision decision, JsonObject body)
    {
        var blocked = context.InputFindingLocations
            .Where(f => ActionFor(decision, f.Finding.EntityType) == Pipeline.EntityAction.Block)
            .Select(f => (f.Finding.EntityType, f.Path)).ToList();
        if (blocked.Count > 0)
        {
            context.ActedOnEntityTypes.UnionWith(blocked.Select(b => b.EntityType));
            throw DetectionErrors.InputBlocked(blocked);
        }
        if (context.InputFindings.All(f => ActionFor(decision, f.EntityType) == Pipeline.EntityAction.Allow))
            return body;

        var anonymizer = runtime.AnonymizerFor(decision.InputActions, Pipeline.EntityAction.Mask);
        var vault = context.Pseudonyms ??= new PseudonymVault();
        JsonAnonymizeOutcome outcome;
        try
        {
            // The detect stage's findings per string are reused (when the detect stage was this runtime's inspector).
            var json = body.ToJsonString(GatewayJson.Options);
            var result = context.InputScans is { } scans
                ? RememberedScans.Run(scans, () => runtime.Json.Anonymize(json, anonymizer, vault))
                : runtime.Json.Anonymize(json, anonymizer, vault);
            outcome = new(JsonNode.Parse(result.Json)!.AsObject(), result.Applied.Where(a => a.Action != OperatorKind.Keep).Select(a => a.EntityType));
        }
        catch (DetectionException e)
        {
            throw DetectionErrors.DetectionFailed("request", e.Message);
        }
        context.ActedOnEntityTypes.UnionWith(outcome.ActedOn);
        if (vault.Count == 0)
            context.Pseudonyms = null;
        return outcome.Body;
    }

    private static Pipeline.EntityAction ActionFor(GatewayDecision decision, string type) =>
        decision.InputActions.TryGetValue(type, out var action) ? action : Pipeline.EntityAction.Mask;

    private sealed record JsonAnonymizeOutcome(JsonObject Body, IEnumerable<string> ActedOn);
}
