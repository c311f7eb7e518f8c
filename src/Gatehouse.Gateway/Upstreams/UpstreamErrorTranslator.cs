using System.Text;
using System.Text.Json.Nodes;
using Gatehouse.Gateway.Errors;

namespace Gatehouse.Gateway.Upstreams;

/// <summary>
/// Decides what the caller sees when an upstream answers with an error status. Errors about the caller's request
/// (400, 404 for a missing route or model excluded, 413, 422, 429) go back with the upstream's status and message; errors
/// that are the gateway operator's business (the upstream rejecting the gateway's key, server errors) become 502.
/// </summary>
internal static class UpstreamErrorTranslator
{
    private const int MaxErrorBody = 16 * 1024;

    /// <summary>Reads the upstream error body and returns the error to report.</summary>
    public static async Task<GatewayException> TranslateAsync(HttpResponseMessage response, string alias, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var text = await ReadCappedAsync(response, cancellationToken);
        string? message = null, type = null, code = null, param = null;
        try
        {
            if (JsonNode.Parse(text) is JsonObject { } root && root["error"] is JsonObject error)
            {
                message = error["message"]?.ToString();
                type = error["type"]?.ToString();
                code = error["code"]?.ToString();
                param = error["param"]?.ToString();
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Not JSON: the raw text, cut short, is the message.
        }
        message ??= text.Length > 300 ? text[..300] + "…" : text;

        if (status is 400 or 413 or 422)
            return new GatewayException(status, type ?? "invalid_request_error", code ?? "upstream_rejected_request", $"The upstream for model '{alias}' rejected the request: {message}", param);
        if (status == 429)
            return new GatewayException(429, "rate_limit_error", code ?? "upstream_rate_limited", $"The upstream for model '{alias}' is rate limiting: {message}")
            {
                RetryAfterSeconds = response.Headers.RetryAfter?.Delta is { } delta ? (int)Math.Ceiling(delta.TotalSeconds) : null,
            };
        return GatewayErrors.UpstreamUnavailable($"The upstream for model '{alias}' answered HTTP {status}: {message}");
    }

    private static async Task<string> ReadCappedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxErrorBody];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
            total += read;
        return Encoding.UTF8.GetString(buffer, 0, total);
    }
}
