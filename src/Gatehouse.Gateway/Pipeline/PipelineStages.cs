namespace Gatehouse.Gateway.Pipeline;

/// <summary>
/// Resolve stage: turns the alias in <see cref="GatewayContext.ModelAlias"/> into upstreams. Returns null for an
/// unknown alias (the gateway answers 404 <c>model_not_found</c>). The model registry can replace this.
/// </summary>
public interface IModelResolver
{
    /// <summary>Resolves <paramref name="alias"/>, or null when no such model exists.</summary>
    ResolvedModel? Resolve(string alias);

    /// <summary>Every alias callers could name, before any access decision.</summary>
    IReadOnlyList<ResolvedModel> All { get; }
}

/// <summary>
/// Detect stage: inspects <see cref="GatewayContext.RequestBody"/> and adds to <see cref="GatewayContext.InputFindings"/>.
/// Runs before the decision so policies can depend on what was found.
/// </summary>
public interface IRequestInspector
{
    /// <summary>Inspects the request and records findings on <paramref name="context"/>.</summary>
    ValueTask InspectAsync(GatewayContext context, CancellationToken cancellationToken);
}

/// <summary>
/// Decide stage: the single place where "may this principal do this, and how" is answered. Also asked once per alias
/// (with <see cref="GatewayContext.Endpoint"/> = <c>models.list</c>) to filter <c>GET /v1/models</c>.
/// </summary>
public interface IPolicyDecider
{
    /// <summary>Decides on the request in <paramref name="context"/>.</summary>
    ValueTask<GatewayDecision> DecideAsync(GatewayContext context, CancellationToken cancellationToken);
}

/// <summary>
/// Transform stage: applies the decision's <see cref="GatewayDecision.InputActions"/> to the request body (mask,
/// redact, block) before it is forwarded.
/// </summary>
public interface IRequestTransformer
{
    /// <summary>Rewrites <see cref="GatewayContext.RequestBody"/> in place, or throws a 4xx <c>GatewayException</c> to block.</summary>
    ValueTask TransformAsync(GatewayContext context, CancellationToken cancellationToken);
}

/// <summary>
/// Guard-output stage: sees every piece of generated text before the caller does, whole (non-stream) or delta by
/// delta (stream). <see cref="Open"/> is called once per response.
/// </summary>
public interface IOutputGuard
{
    /// <summary>Starts guarding one response.</summary>
    IOutputGuardSession Open(GatewayContext context);
}

/// <summary>
/// The output guard's state for one response. Text is keyed by choice index because a response may carry several
/// choices. A session may hold text back (to see a whole entity that spans deltas) and release it later.
/// </summary>
public interface IOutputGuardSession
{
    /// <summary>Returns the text to send for a complete (non-stream) choice.</summary>
    string GuardText(int choiceIndex, string text);

    /// <summary>Returns the text to send now for a streamed delta (may be shorter, longer or empty).</summary>
    string GuardDelta(int choiceIndex, string delta);

    /// <summary>At the end of a choice's stream: returns any text still held back.</summary>
    string Flush(int choiceIndex);

    /// <summary>
    /// Whether this session may change or hold back text. While it may, per-token <c>logprobs</c> are removed from
    /// answers: they repeat every generated token verbatim, ahead of (and regardless of) what the guard decides.
    /// True unless a session says otherwise, so a guard that does not know about this fails closed.
    /// </summary>
    bool MayRewrite => true;
}

/// <summary>
/// Audit stage: receives the finished context of every request that passed authentication — allowed, denied or
/// failed. Must not throw for ordinary failures; the response has already been sent when it runs for streams.
/// </summary>
public interface IAuditSink
{
    /// <summary>Records the request.</summary>
    ValueTask RecordAsync(GatewayContext context, CancellationToken cancellationToken);
}
