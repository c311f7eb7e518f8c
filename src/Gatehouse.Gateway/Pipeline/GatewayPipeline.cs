using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gatehouse.Gateway.Configuration;
using Gatehouse.Gateway.Endpoints;
using Gatehouse.Gateway.Errors;
using Gatehouse.Gateway.Hosting;
using Gatehouse.Gateway.Identity;
using Gatehouse.Gateway.Upstreams;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Gateway.Pipeline;

/// <summary>
/// Runs one model request through the stages in their fixed order:
/// authenticate (done by the middleware) → resolve model → detect → decide → transform → forward → guard output → audit.
/// Every request that got past authentication reaches the audit stage, whatever happened on the way.
/// </summary>
public sealed class GatewayPipeline(
    GatewayStages stages,
    UpstreamForwarder forwarder,
    PrincipalRateLimiter limiter,
    GatewayConfig config,
    TimeProvider clock,
    ILogger<GatewayPipeline> logger)
{
    /// <summary>The header callers use to declare why they make the call.</summary>
    public const string PurposeHeader = "x-gatehouse-purpose";

    /// <summary>The header naming the data subject whose payloads a stored record belongs to (default: the principal).</summary>
    public const string SubjectHeader = "x-gatehouse-subject";

    /// <summary>Handles a POST to an OpenAI model endpoint (<paramref name="relativePath"/> as on the upstream).</summary>
    public async Task RunAsync(HttpContext http, string endpoint, string relativePath, Action<JsonObject> validate)
    {
        var context = ContextFor(http, endpoint, clock.GetUtcNow());
        var cancellationToken = http.RequestAborted;
        var recorded = false;
        // The relays call this right before the answer's last bytes go out, so the record is durable first.
        context.BeforeCompletion = async () =>
        {
            context.Status = http.Response.StatusCode;
            context.PromptTokens ??= TokenEstimator.Prompt(context.RequestBody!);
            recorded = true;
            try
            {
                await stages.Audit.RecordAsync(context, CancellationToken.None);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A request is answered only after its record is durable: without a record, no answer (fail closed).
                logger.LogError(e, "Audit record failed for request {RequestId}; the answer is withheld", context.RequestId);
                throw GatewayErrors.AuditUnavailable(e);
            }
        };
        try
        {
            using (StageTimer.Start(context, "parse"))
            {
                var body = await RequestBodyReader.ReadObjectAsync(http.Request, config.Server.MaxRequestBodyBytes, cancellationToken);
                context.ModelAlias = RequestBodyReader.RequiredString(body, "model");
                context.Stream = RequestBodyReader.OptionalBoolean(body, "stream");
                validate(body);
                context.RequestBody = body;
            }
            using (StageTimer.Start(context, "resolve"))
                context.Model = stages.Models.Resolve(context.ModelAlias!) ?? throw GatewayErrors.ModelNotFound(context.ModelAlias!);
            using (StageTimer.Start(context, "detect"))
                await stages.Inspector.InspectAsync(context, cancellationToken);
            using (StageTimer.Start(context, "decide"))
            {
                context.Decision = await stages.Decider.DecideAsync(context, cancellationToken);
                if (!context.Decision.Allow)
                    throw GatewayErrors.PermissionDenied("Request denied: " + string.Join("; ", context.Decision.Reasons));
            }
            var estimatedPrompt = TokenEstimator.Prompt(context.RequestBody!);
            limiter.Admit(context.Principal, context.Decision!.Limits, estimatedPrompt);
            using (StageTimer.Start(context, "transform"))
                await stages.Transformer.TransformAsync(context, cancellationToken);
            await ForwardAndRelayAsync(http, context, relativePath, cancellationToken);
            context.PromptTokens ??= estimatedPrompt;
            limiter.Charge(context.Principal, context.PromptTokens.Value - estimatedPrompt + (context.CompletionTokens ?? 0));
            context.Status = http.Response.StatusCode;
        }
        catch (GatewayException e)
        {
            context.Status = e.Status;
            context.ErrorCode = e.Code;
            context.ErrorMessage = e.Message;
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            context.Status = 499;
            context.ErrorCode ??= "client_closed_request";
        }
        finally
        {
            if (!recorded)
                await RecordAsync(context);
        }
    }

    /// <summary>The context of a request to <paramref name="endpoint"/>: caller, purpose, subject, address, method and path.</summary>
    public static GatewayContext ContextFor(HttpContext http, string endpoint, DateTimeOffset now) =>
        new(RequestIds.Of(http), http.GetPrincipal(), endpoint, now)
        {
            Purpose = http.Request.Headers[PurposeHeader].FirstOrDefault(),
            SubjectId = http.Request.Headers[SubjectHeader].FirstOrDefault(),
            ClientAddress = http.Connection.RemoteIpAddress?.ToString(),
            Method = http.Request.Method,
            Path = http.Request.Path.Value,
        };

    private async Task ForwardAndRelayAsync(HttpContext http, GatewayContext context, string relativePath, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var answer = await forwarder.SendAsync(context, relativePath, cancellationToken);
        using var response = answer.Response;
        context.ServedBy = answer.Model.Alias;
        context.Timings["forward"] = Stopwatch.GetElapsedTime(started);
        if (!response.IsSuccessStatusCode)
            throw await UpstreamErrorTranslator.TranslateAsync(response, answer.Model.Alias, cancellationToken);

        started = Stopwatch.GetTimestamp();
        var isEventStream = response.Content.Headers.ContentType?.MediaType == "text/event-stream";
        if (context.Stream && isEventStream)
            await SseRelay.RelayAsync(response, context, answer.Model.ResponseTimeout, new RecordingOutputGuard(stages.OutputGuard), http, cancellationToken);
        else
            await WholeResponseRelay.RelayAsync(response, context, new RecordingOutputGuard(stages.OutputGuard), http, cancellationToken);
        context.Timings["relay"] = Stopwatch.GetElapsedTime(started);
    }

    private async Task RecordAsync(GatewayContext context)
    {
        try
        {
            // The caller may be gone; the record must still be written.
            await stages.Audit.RecordAsync(context, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogError(e, "Audit sink failed for request {RequestId}", context.RequestId);
        }
    }
}

/// <summary>Validation of each endpoint's required fields, beyond <c>model</c>.</summary>
internal static class RequestShapes
{
    /// <summary><c>messages</c>: a non-empty array.</summary>
    public static void Chat(JsonObject body) => RequestBodyReader.Require(body, "messages", JsonValueKind.Array);

    /// <summary><c>prompt</c>: a string or an array.</summary>
    public static void Completion(JsonObject body) => RequestBodyReader.Require(body, "prompt", JsonValueKind.String, JsonValueKind.Array);

    /// <summary><c>input</c>: a string or an array.</summary>
    public static void Embedding(JsonObject body) => RequestBodyReader.Require(body, "input", JsonValueKind.String, JsonValueKind.Array);
}
