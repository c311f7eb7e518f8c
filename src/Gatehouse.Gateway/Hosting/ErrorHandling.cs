using Gatehouse.Gateway.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Gateway.Hosting;

/// <summary>
/// Middleware that makes every failure an OpenAI error body: gateway errors with their own status, Kestrel's bad
/// requests (413 body too large, malformed requests) and, for anything unexpected, a 500 that names the request id
/// instead of a stack trace. Also fills empty error responses from the framework (405 and the like).
/// </summary>
public sealed class ErrorHandling(ILogger<ErrorHandling> logger)
{
    /// <summary>Runs the rest of the pipeline and reports its failure.</summary>
    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        try
        {
            await next(http);
            if (http.Response is { HasStarted: false, StatusCode: >= 400 } response && response.ContentLength is null or 0)
                await OpenAIErrorWriter.WriteAsync(http, ForBareStatus(http));
        }
        catch (GatewayException e)
        {
            await OpenAIErrorWriter.WriteAsync(http, e);
        }
        catch (BadHttpRequestException e)
        {
            await OpenAIErrorWriter.WriteAsync(http, e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? GatewayErrors.BodyTooLarge(http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 0)
                : new GatewayException(e.StatusCode, "invalid_request_error", "bad_request", e.Message));
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The caller went away; there is no one to answer.
        }
        catch (Exception e)
        {
            logger.LogError(e, "Unhandled error in request {RequestId}", RequestIds.Of(http));
            await OpenAIErrorWriter.WriteAsync(http, new GatewayException(500, "server_error", "internal_error",
                $"The gateway failed to handle the request. Quote request id {RequestIds.Of(http)} when reporting this."));
        }
    }

    private static GatewayException ForBareStatus(HttpContext http) => http.Response.StatusCode switch
    {
        404 => GatewayErrors.UnknownRoute(http.Request.Method, http.Request.Path),
        405 => new GatewayException(405, "invalid_request_error", "method_not_allowed", $"{http.Request.Method} is not allowed on {http.Request.Path}."),
        var status => new GatewayException(status, "invalid_request_error", "http_" + status, $"The request failed with HTTP {status}."),
    };
}
