namespace Gatehouse.Gateway.Errors;

/// <summary>
/// A failure that the gateway reports to the caller as an OpenAI error body with the given HTTP status.
/// Throw it from any stage; the error middleware turns it into <c>{"error":{"message","type","param","code"}}</c>.
/// </summary>
public sealed class GatewayException : Exception
{
    /// <summary>Creates an error with every OpenAI error field spelled out.</summary>
    public GatewayException(int status, string type, string code, string message, string? param = null, Exception? inner = null)
        : base(message, inner)
    {
        Status = status;
        Type = type;
        Code = code;
        Param = param;
    }

    /// <summary>HTTP status code.</summary>
    public int Status { get; }

    /// <summary>OpenAI error <c>type</c>, e.g. <c>invalid_request_error</c>.</summary>
    public string Type { get; }

    /// <summary>OpenAI error <c>code</c>, e.g. <c>model_not_found</c>.</summary>
    public string Code { get; }

    /// <summary>The request parameter at fault, if any.</summary>
    public string? Param { get; }

    /// <summary>Seconds the caller should wait before retrying (sets <c>Retry-After</c> on 429).</summary>
    public int? RetryAfterSeconds { get; init; }
}
