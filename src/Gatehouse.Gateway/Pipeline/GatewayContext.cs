using System.Text.Json.Nodes;
using Gatehouse.Detection;
using Gatehouse.Detection.Json;
using Gatehouse.Detection.Operators;
using Gatehouse.Gateway.Identity;

namespace Gatehouse.Gateway.Pipeline;

/// <summary>
/// Everything one request carries through the pipeline (authenticate → resolve model → detect → decide → transform →
/// forward → guard output → audit). Each stage reads what earlier stages set and adds its own part; the audit sink
/// sees the whole of it at the end, whether the request succeeded or not.
/// </summary>
public sealed class GatewayContext
{
    /// <summary>Creates the context for one request.</summary>
    public GatewayContext(string requestId, Principal principal, string endpoint, DateTimeOffset startedAt)
    {
        RequestId = requestId;
        Principal = principal;
        Endpoint = endpoint;
        StartedAt = startedAt;
    }

    /// <summary>The request id (also sent back as <c>x-request-id</c>).</summary>
    public string RequestId { get; }

    /// <summary>The authenticated caller.</summary>
    public Principal Principal { get; }

    /// <summary>Which operation: <c>chat.completions</c>, <c>completions</c>, <c>embeddings</c> or <c>models.list</c>.</summary>
    public string Endpoint { get; }

    /// <summary>When the request arrived.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>The caller's declared purpose (<c>x-gatehouse-purpose</c> header), for purpose-bound policies.</summary>
    public string? Purpose { get; set; }

    /// <summary>The alias the caller named in <c>model</c>.</summary>
    public string? ModelAlias { get; set; }

    /// <summary>Where the alias resolved to, once the resolve stage ran.</summary>
    public ResolvedModel? Model { get; set; }

    /// <summary>The request body as JSON; stages may rewrite it (the transform stage does).</summary>
    public JsonObject? RequestBody { get; set; }

    /// <summary>Whether the caller asked for a server-sent event stream.</summary>
    public bool Stream { get; set; }

    /// <summary>Sensitive data found in the request by the detect stage.</summary>
    public List<Finding> InputFindings { get; } = [];

    /// <summary>The same findings as <see cref="InputFindings"/>, in the same order, with the JSON path of each.</summary>
    public List<JsonFinding> InputFindingLocations { get; } = [];

    /// <summary>
    /// The detect stage's findings per scanned string of the request, so the transform stage can apply actions without
    /// scanning again. Null when detection did not run or found nothing.
    /// </summary>
    internal Dictionary<string, IReadOnlyList<Finding>>? InputScans { get; set; }

    /// <summary>Sensitive data found in the response by the output guard.</summary>
    public List<Finding> OutputFindings { get; } = [];

    /// <summary>
    /// Pseudonyms the transform stage put into the request (token → original value), so the output guard can restore
    /// them in the answer when the decision allows. Null until a pseudonymize action ran.
    /// </summary>
    public PseudonymVault? Pseudonyms { get; set; }

    /// <summary>Entity types an action changed or blocked (request and answer), for the response header and the audit.</summary>
    public SortedSet<string> ActedOnEntityTypes { get; } = new(StringComparer.Ordinal);

    /// <summary>The decide stage's verdict.</summary>
    public GatewayDecision? Decision { get; set; }

    /// <summary>The alias that actually answered (differs from <see cref="ModelAlias"/> after a fallback).</summary>
    public string? ServedBy { get; set; }

    /// <summary>Elapsed time per stage name, for audit and diagnostics.</summary>
    public Dictionary<string, TimeSpan> Timings { get; } = new(7, StringComparer.Ordinal);

    /// <summary>Prompt tokens (from the upstream's usage, else estimated).</summary>
    public int? PromptTokens { get; set; }

    /// <summary>Completion tokens (from the upstream's usage, else estimated).</summary>
    public int? CompletionTokens { get; set; }

    /// <summary>The HTTP status sent to the caller.</summary>
    public int Status { get; set; }

    /// <summary>The OpenAI error code when the request failed.</summary>
    public string? ErrorCode { get; set; }

    /// <summary>The error message sent to the caller when the request failed (recorded as a reason in the audit log).</summary>
    public string? ErrorMessage { get; set; }

    /// <summary>The HTTP method, for the policy input.</summary>
    public string Method { get; set; } = "POST";

    /// <summary>The request path, for the policy input.</summary>
    public string? Path { get; set; }

    /// <summary>The caller's network address.</summary>
    public string? ClientAddress { get; set; }

    /// <summary>The data subject for stored payloads (<c>x-gatehouse-subject</c>; null means the principal).</summary>
    public string? SubjectId { get; set; }

    /// <summary>The revision of the policy bundle that decided, set by the decide stage.</summary>
    public string? PolicyRevision { get; set; }

    /// <summary>The generated text as sent to the caller (after the output guard), for the audit commitment.</summary>
    public System.Text.StringBuilder OutputText { get; } = new();

    /// <summary>
    /// Set by the pipeline: run by the relays right before the response's last bytes are written (the whole body, or
    /// the stream's <c>[DONE]</c>), so that the audit record is durable before the caller sees the end of the answer.
    /// </summary>
    public Func<Task>? BeforeCompletion { get; set; }
}
