namespace Gatehouse.Gateway.Pipeline;

/// <summary>
/// The replaceable stages of the request pipeline, resolved from dependency injection. Register your own
/// implementation of any interface (after the defaults) in <c>GatewayHost.Build</c>'s <c>configureServices</c> callback
/// to replace one stage; the order of stages is fixed by <see cref="GatewayPipeline"/>.
/// </summary>
/// <param name="Models">Resolve stage.</param>
/// <param name="Inspector">Detect stage.</param>
/// <param name="Decider">Decide stage.</param>
/// <param name="Transformer">Transform stage.</param>
/// <param name="OutputGuard">Guard-output stage.</param>
/// <param name="Audit">Audit stage.</param>
public sealed record GatewayStages(
    IModelResolver Models,
    IRequestInspector Inspector,
    IPolicyDecider Decider,
    IRequestTransformer Transformer,
    IOutputGuard OutputGuard,
    IAuditSink Audit);
