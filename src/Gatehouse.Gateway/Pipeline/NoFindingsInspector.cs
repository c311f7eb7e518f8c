namespace Gatehouse.Gateway.Pipeline;

/// <summary>
/// PLACEHOLDER detect stage: finds nothing. Stands in until the detection library's inspector is wired here; it
/// exists so the pipeline's shape is final now. Do not mistake a request passing it for a request that was checked.
/// </summary>
public sealed class NoFindingsInspector : IRequestInspector
{
    /// <inheritdoc />
    public ValueTask InspectAsync(GatewayContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
