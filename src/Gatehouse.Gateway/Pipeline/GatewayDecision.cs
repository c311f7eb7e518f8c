namespace Gatehouse.Gateway.Pipeline;

/// <summary>What to do with one kind of sensitive entity (e.g. <c>EMAIL</c>) in the input or the output.</summary>
public enum EntityAction
{
    /// <summary>Let it through unchanged.</summary>
    Allow,
    /// <summary>Mask the value, keeping only its last characters.</summary>
    Mask,
    /// <summary>Remove the value.</summary>
    Redact,
    /// <summary>Refuse the request (input) or stop the response (output).</summary>
    Block,
    /// <summary>Replace the value with a keyed, deterministic hash token.</summary>
    Hash,
    /// <summary>Replace the value with a reversible per-request token such as <c>&lt;PERSON_1&gt;</c>.</summary>
    Pseudonymize,
    /// <summary>Replace the value with its AES-GCM ciphertext.</summary>
    Encrypt,
}

/// <summary>Per-request limits a decision can impose; null means "no limit from this decision".</summary>
/// <param name="MaxTokens">Upper bound for the completion length.</param>
/// <param name="RequestsPerMinute">Requests per minute for this principal.</param>
/// <param name="TokensPerMinute">Tokens per minute for this principal.</param>
public sealed record DecisionLimits(int? MaxTokens, int? RequestsPerMinute, int? TokensPerMinute)
{
    /// <summary>No limits.</summary>
    public static DecisionLimits None { get; } = new(null, null, null);
}

/// <summary>The decide stage's verdict for one request.</summary>
/// <param name="Allow">Whether the request may proceed.</param>
/// <param name="Reasons">Why (shown to the caller when denied, recorded in the audit log always).</param>
/// <param name="InputActions">Entity type → action for findings in the request.</param>
/// <param name="OutputActions">Entity type → action for findings in the response.</param>
/// <param name="Limits">Limits to enforce.</param>
public sealed record GatewayDecision(
    bool Allow,
    IReadOnlyList<string> Reasons,
    IReadOnlyDictionary<string, EntityAction> InputActions,
    IReadOnlyDictionary<string, EntityAction> OutputActions,
    DecisionLimits Limits)
{
    /// <summary>
    /// Action for output entity types that <see cref="OutputActions"/> does not list. Masking by default, so a type
    /// the policy forgot never leaves in clear (the gateway never fails open).
    /// </summary>
    public EntityAction DefaultOutputAction { get; init; } = EntityAction.Mask;

    /// <summary>Whether pseudonyms put into the request may be restored in the answer for this principal.</summary>
    public bool RestorePseudonyms { get; init; }

    /// <summary>Whether the audit log stores the prompt and answer (encrypted per data subject).</summary>
    public bool StorePayloads { get; init; }

    private static readonly IReadOnlyDictionary<string, EntityAction> NoActions = new Dictionary<string, EntityAction>();

    /// <summary>An allow with the given reasons and no entity actions.</summary>
    public static GatewayDecision Permit(DecisionLimits limits, params string[] reasons) => new(true, reasons, NoActions, NoActions, limits);

    /// <summary>A deny with the given reasons.</summary>
    public static GatewayDecision Deny(params string[] reasons) => new(false, reasons, NoActions, NoActions, DecisionLimits.None);
}
