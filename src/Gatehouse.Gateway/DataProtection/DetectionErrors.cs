using Gatehouse.Gateway.Errors;

namespace Gatehouse.Gateway.DataProtection;

/// <summary>The OpenAI-style errors of the detect, transform and guard-output stages. Messages name types and paths, never values.</summary>
public static class DetectionErrors
{
    /// <summary>Code when a detector threw or ran out of time (the request fails closed).</summary>
    public const string DetectionFailedCode = "detection_failed";

    /// <summary>Code when a block action refused the request.</summary>
    public const string InputBlockedCode = "sensitive_data_blocked";

    /// <summary>Code when a block action stopped the answer.</summary>
    public const string OutputBlockedCode = "sensitive_output_blocked";

    /// <summary>503: detection could not complete, so nothing was forwarded (or no further output was sent).</summary>
    public static GatewayException DetectionFailed(string where, string detail) =>
        new(503, "server_error", DetectionFailedCode, $"Sensitive-data detection failed on the {where}, so the request was stopped: {detail}");

    /// <summary>403: the request holds data the policy blocks.</summary>
    public static GatewayException InputBlocked(IEnumerable<(string Type, string Path)> hits) =>
        new(403, "permission_error", InputBlockedCode, "The request was blocked because it contains "
            + string.Join("; ", hits.Distinct().Select(h => $"{h.Type} at {h.Path}")) + ".");

    /// <summary>403: the answer holds data the policy blocks.</summary>
    public static GatewayException OutputBlocked(string reason) =>
        new(403, "permission_error", OutputBlockedCode, $"The answer was stopped because it contains data the policy blocks ({reason}).");
}
