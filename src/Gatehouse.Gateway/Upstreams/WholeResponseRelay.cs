using System.Text.Json;
using System.Text.Json.Nodes;
using Gatehouse.Gateway.Errors;
using Gatehouse.Gateway.Pipeline;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.Gateway.Upstreams;

/// <summary>Relays a non-stream upstream answer: parse, rewrite (model alias, guarded text, usage), write.</summary>
internal static class WholeResponseRelay
{
    /// <summary>Writes the upstream's successful JSON answer to <paramref name="http"/>.</summary>
    public static async Task RelayAsync(HttpResponseMessage upstream, GatewayContext context, IOutputGuard guard, HttpContext http, CancellationToken cancellationToken)
    {
        JsonObject body;
        try
        {
            await using var stream = await upstream.Content.ReadAsStreamAsync(cancellationToken);
            body = (await JsonNode.ParseAsync(stream, cancellationToken: cancellationToken)) as JsonObject
                ?? throw new JsonException("not a JSON object");
        }
        catch (JsonException e)
        {
            throw GatewayErrors.UpstreamUnavailable($"The upstream for model '{context.ModelAlias}' answered with invalid JSON: {e.Message}");
        }
        catch (Exception e) when (e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            throw GatewayErrors.UpstreamUnavailable($"The upstream for model '{context.ModelAlias}' broke off its answer: {e.Message}");
        }

        ResponseRewriter.RewriteWhole(body, context, guard.Open(context));
        EntityHeader.Set(http.Response, context);
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json";
        // Serialized first and written in one go after the audit record is durable (context.BeforeCompletion).
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        await using (var writer = new Utf8JsonWriter(buffer, Hosting.GatewayJson.Writer))
            body.WriteTo(writer);
        if (context.BeforeCompletion is { } beforeCompletion)
            await beforeCompletion();
        // The length is known, so the answer goes out as one write with Content-Length: no chunked framing, and the
        // caller has the whole answer at once instead of waiting for Kestrel's terminating chunk, which is sent only
        // after the request delegate and every middleware have unwound (more thread-pool hops under load).
        http.Response.ContentLength = buffer.WrittenCount;
        await http.Response.Body.WriteAsync(buffer.WrittenMemory, cancellationToken);
    }
}
