using Gatehouse.Gateway.Pipeline;

namespace Gatehouse.Gateway.DataProtection;

/// <summary>
/// Guard-output stage: every choice's content and every tool call's arguments pass through a streaming guard that
/// applies the decision's output actions (its default action for unlisted types), releasing only scanned text.
/// Pseudonyms from the request are restored in the answer only when the decision allows it for this principal.
/// </summary>
public sealed class DetectionOutputGuard(DetectionRuntime runtime) : IOutputGuard
{
    private static readonly PassThroughOutputGuard PassThrough = new();

    /// <inheritdoc />
    public IOutputGuardSession Open(GatewayContext context)
    {
        // Detection switched off: no scan, and the transform stage made no pseudonyms to restore.
        return runtime.Enabled ? new DetectionGuardSession(runtime, context) : PassThrough.Open(context);
    }
}
