namespace Gatehouse.Gateway.Errors;

/// <summary>
/// The gateway's error vocabulary in one place, so the same failure always has the same status, type and code.
/// </summary>
public static class GatewayErrors
{
    /// <summary>400: the request is malformed or a parameter is wrong.</summary>
    public static GatewayException InvalidRequest(string message, string? param = null, string code = "invalid_request") =>
        new(400, "invalid_request_error", code, message, param);

    /// <summary>401: no credentials, or credentials that do not authenticate.</summary>
    public static GatewayException Unauthenticated(string message, string code = "invalid_api_key") =>
        new(401, "authentication_error", code, message);

    /// <summary>403: authenticated, but not allowed.</summary>
    public static GatewayException PermissionDenied(string message) =>
        new(403, "permission_error", "permission_denied", message);

    /// <summary>404: the model alias is not configured.</summary>
    public static GatewayException ModelNotFound(string model) =>
        new(404, "invalid_request_error", "model_not_found", $"The model '{model}' does not exist or you do not have access to it.", "model");

    /// <summary>404: no route answers this method and path.</summary>
    public static GatewayException UnknownRoute(string method, string path) =>
        new(404, "invalid_request_error", "unknown_url", $"Unknown request URL: {method} {path}.");

    /// <summary>405: the path exists but not for this method; <paramref name="allowed"/> go in the <c>Allow</c> header too.</summary>
    public static GatewayException MethodNotAllowed(string method, string path, IReadOnlyCollection<string> allowed) =>
        new(405, "invalid_request_error", "method_not_allowed", $"Invalid method for URL ({method} {path}): use {string.Join(" or ", allowed)}.");

    /// <summary>413: the body is over the configured size limit.</summary>
    public static GatewayException BodyTooLarge(long limit) =>
        new(413, "invalid_request_error", "request_too_large", $"The request body is larger than the limit of {limit} bytes.");

    /// <summary>429: a per-principal limit is exhausted.</summary>
    public static GatewayException RateLimited(string message, int retryAfterSeconds) =>
        new(429, "rate_limit_error", "rate_limit_exceeded", message) { RetryAfterSeconds = retryAfterSeconds };

    /// <summary>502: the upstream could not be reached or answered with something unusable.</summary>
    public static GatewayException UpstreamUnavailable(string message, Exception? inner = null) =>
        new(502, "upstream_error", "upstream_unavailable", message, inner: inner);

    /// <summary>504: the upstream did not answer in time.</summary>
    public static GatewayException UpstreamTimeout(string message) =>
        new(504, "upstream_error", "upstream_timeout", message);

    /// <summary>503: the interaction's audit record could not be committed, so the answer is withheld (no unrecorded answers).</summary>
    public static GatewayException AuditUnavailable(Exception inner) =>
        new(503, "server_error", "audit_unavailable", "The answer was withheld because its audit record could not be committed.", inner: inner);
}
