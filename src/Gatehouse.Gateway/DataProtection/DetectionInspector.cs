using Gatehouse.Detection;
using Gatehouse.Gateway.Errors;
using Gatehouse.Gateway.Pipeline;

namespace Gatehouse.Gateway.DataProtection;

/// <summary>
/// Detect stage: scans the request body by path (chat message content and parts, tool-call arguments, tool results,
/// completion prompts, embedding input) and records each finding's type, path and score on the context for the
/// policy. What each string held is kept on the context so that the transform stage does not scan again. A detector that fails or runs out of time refuses the request: unknown is never treated as clean.
/// </summary>
public sealed class DetectionInspector(DetectionRuntime runtime) : IRequestInspector
{
    /// <inheritdoc />
    public ValueTask InspectAsync(GatewayContext context, CancellationToken cancellationToken)
    {
        if (!runtime.Enabled || context.RequestBody is not { } body)
            return ValueTask.CompletedTask;
        try
        {
            var scans = new Dictionary<string, IReadOnlyList<Finding>>(StringComparer.Ordinal);
            // The parsed body is walked as it is: serializing it only for the scanner to parse it again cost more
            // than the walk itself.
            var findings = RememberedScans.Run(scans, () => runtime.Json.Scan(body));
            // Kept only when there is something to act on: then the transform stage walks the body again.
            if (findings.Count > 0)
                context.InputScans = scans;
            foreach (var finding in findings)
            {
                context.InputFindings.Add(finding.Finding);
                context.InputFindingLocations.Add(finding);
            }
        }
        catch (DetectionException e)
        {
            throw DetectionErrors.DetectionFailed("request", e.Message);
        }
        catch (FormatException e)
        {
            throw GatewayErrors.InvalidRequest("The request could not be scanned for sensitive data: " + e.Message);
        }
        return ValueTask.CompletedTask;
    }
}
