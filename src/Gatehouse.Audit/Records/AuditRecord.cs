using System.Text.Json.Serialization;

namespace Gatehouse.Audit.Records;

/// <summary>
/// One entry of the audit log. A record is either a gateway interaction or an administrative action; both carry the
/// time, tenant and acting principal so that queries and retention treat them alike. Records hold metadata only:
/// finding types, counts and paths, never matched values; prompt and response text travel separately as an
/// <see cref="AuditPayload"/> and are committed to by keyed hash (and by ciphertext hash when retained).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(InteractionRecord), "interaction")]
[JsonDerivedType(typeof(AdminRecord), "admin")]
public abstract record AuditRecord
{
    /// <summary>When the interaction or action started (UTC).</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>The tenant the record belongs to; selects the retention policy.</summary>
    public string? Tenant { get; init; }

    /// <summary>The authenticated caller (for admin records, the actor).</summary>
    public string? Principal { get; init; }
}

/// <summary>One request through the gateway, whatever its outcome (allowed, denied, blocked or failed).</summary>
public sealed record InteractionRecord : AuditRecord
{
    /// <summary>When the response was finished (UTC).</summary>
    public DateTimeOffset? EndTime { get; init; }

    /// <summary>The gateway's request id, echoed to the caller.</summary>
    public string? RequestId { get; init; }

    /// <summary>The caller's network address.</summary>
    public string? ClientAddress { get; init; }

    /// <summary>
    /// The id of the API key the caller presented (the public <c>&lt;id&gt;</c> of <c>gh_&lt;id&gt;_&lt;secret&gt;</c>, as
    /// <c>gatehouse keys list</c> shows it), also when it failed to authenticate; never the secret.
    /// </summary>
    public string? KeyId { get; init; }

    /// <summary>The API endpoint called, e.g. <c>/v1/chat/completions</c>.</summary>
    public string? Endpoint { get; init; }

    /// <summary>The model name the caller asked for.</summary>
    public string? ModelAlias { get; init; }

    /// <summary>The registry version the alias resolved to.</summary>
    public string? ModelVersion { get; init; }

    /// <summary>The hash of the resolved model's weights, once the registry supplies it.</summary>
    public string? WeightsHash { get; init; }

    /// <summary>The upstream the request was forwarded to.</summary>
    public string? Upstream { get; init; }

    /// <summary>The revision of the policy bundle that decided.</summary>
    public string? PolicyRevision { get; init; }

    /// <summary>The decision: allow, deny, block, transform, error...</summary>
    public string? Decision { get; init; }

    /// <summary>Why the policy decided as it did.</summary>
    public IReadOnlyList<string> Reasons { get; init; } = [];

    /// <summary>What the detectors found, without the matched values.</summary>
    public IReadOnlyList<AuditFinding> Findings { get; init; } = [];

    /// <summary>Transformations applied (redact, mask, truncate...).</summary>
    public IReadOnlyList<string> Actions { get; init; } = [];

    /// <summary>Prompt tokens counted.</summary>
    public int? PromptTokens { get; init; }

    /// <summary>Completion tokens counted.</summary>
    public int? CompletionTokens { get; init; }

    /// <summary>End-to-end latency in milliseconds.</summary>
    public double? LatencyMs { get; init; }

    /// <summary>The HTTP status returned to the caller.</summary>
    public int? Status { get; init; }

    /// <summary>HMAC-SHA256 (log secret) of the input text; set by the log from the payload, hex.</summary>
    public string? InputCommitment { get; init; }

    /// <summary>HMAC-SHA256 (log secret) of the output text; set by the log from the payload, hex.</summary>
    public string? OutputCommitment { get; init; }
}

/// <summary>A detector finding, recorded by type with its count and JSON paths, never its matched value.</summary>
/// <param name="Type">The finding type, e.g. <c>email</c> or <c>us_ssn</c>.</param>
/// <param name="Count">How many times it occurred.</param>
/// <param name="Paths">Where it occurred, e.g. <c>messages[1].content</c>.</param>
public sealed record AuditFinding(string Type, int Count, IReadOnlyList<string> Paths);

/// <summary>
/// An administrative action: a key created or revoked, a policy reloaded, a model registered or approved, an erasure,
/// a read of the log. <see cref="AuditRecord.Principal"/> is the actor.
/// </summary>
public sealed record AdminRecord : AuditRecord
{
    /// <summary>What was done, e.g. <c>audit.erase</c>, <c>audit.query</c>, <c>model.approve</c>.</summary>
    public required string Action { get; init; }

    /// <summary>What it was done to (an id or name; never personal data).</summary>
    public string? Target { get; init; }

    /// <summary>Further facts about the action.</summary>
    public IReadOnlyDictionary<string, string> Details { get; init; } = new Dictionary<string, string>();
}
