using System.Text.Json.Nodes;

namespace Gatehouse.Gateway.Pipeline;

/// <summary>
/// Interim transform stage: enforces <see cref="DecisionLimits.MaxTokens"/> by capping <c>max_tokens</c> /
/// <c>max_completion_tokens</c> (or setting <c>max_tokens</c> when the caller gave none). Entity actions (mask,
/// redact, block) are not applied here yet: they need findings, which arrive with the detection inspector.
/// </summary>
public sealed class MaxTokensTransformer : IRequestTransformer
{
    /// <inheritdoc />
    public ValueTask TransformAsync(GatewayContext context, CancellationToken cancellationToken)
    {
        if (context.Decision?.Limits.MaxTokens is not { } cap || context.RequestBody is not { } body)
            return ValueTask.CompletedTask;
        var capped = false;
        foreach (var field in (string[])["max_tokens", "max_completion_tokens"])
        {
            if (body[field] is JsonValue value && value.TryGetValue<long>(out var requested))
            {
                if (requested > cap)
                    body[field] = cap;
                capped = true;
            }
        }
        if (!capped && context.Endpoint != "embeddings")
            body["max_tokens"] = cap;
        return ValueTask.CompletedTask;
    }
}
