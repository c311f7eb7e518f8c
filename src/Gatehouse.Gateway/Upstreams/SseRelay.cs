using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gatehouse.Gateway.Errors;
using Gatehouse.Gateway.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Gatehouse.Gateway.Upstreams;

/// <summary>
/// Relays a server-sent event stream as it arrives: each event is read from the upstream, its <c>data:</c> JSON
/// rewritten (model alias, guarded deltas, usage) and written and flushed at once; nothing is buffered beyond one
/// event. <c>[DONE]</c> passes through. If the upstream breaks off, stalls past its response timeout, or ends without
/// <c>[DONE]</c>, the caller gets a final error event instead of a silent truncation. A caller that disconnects cancels
/// the upstream read.
/// </summary>
internal static class SseRelay
{
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();

    /// <summary>Relays the stream; returns normally also when the stream ended with an error event.</summary>
    public static async Task RelayAsync(HttpResponseMessage upstream, GatewayContext context, TimeSpan idleTimeout, IOutputGuard guard, HttpContext http, CancellationToken cancellationToken)
    {
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        EntityHeader.Set(response, context);
        await response.StartAsync(cancellationToken);

        var session = guard.Open(context);
        var tally = new StreamTally();
        // One output buffer and one JSON writer for the whole stream, reset per event (each write is awaited first).
        var output = new SseEventOutput();
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sawDone = false;
        try
        {
            await using var stream = await upstream.Content.ReadAsStreamAsync(cancellationToken);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var pending = new StringBuilder();
            var data = new StringBuilder();
            while (true)
            {
                idle.CancelAfter(idleTimeout);
                var line = await reader.ReadLineAsync(idle.Token);
                if (line is null)
                    break;
                if (line.Length > 0)
                {
                    if (line.StartsWith("data:", StringComparison.Ordinal))
                        data.Append(data.Length > 0 ? "\n" : "").Append(line.AsSpan(line.StartsWith("data: ", StringComparison.Ordinal) ? 6 : 5));
                    else
                        pending.Append(line).Append('\n');
                    continue;
                }
                if (data.Length == 0 && pending.Length == 0)
                    continue;
                sawDone |= IsDone(data);
                await WriteEventAsync(response, output, pending, data, context, session, tally, cancellationToken);
                if (sawDone)
                    break;
            }
            if (!sawDone && data.Length + pending.Length > 0)
            {
                sawDone = IsDone(data);
                await WriteEventAsync(response, output, pending, data, context, session, tally, cancellationToken);
            }
            if (!sawDone)
                await WriteErrorEventAsync(response, GatewayErrors.UpstreamUnavailable($"The upstream for model '{context.ModelAlias}' ended the stream before it finished."), context, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            context.ErrorCode = "client_closed_request";
            throw;
        }
        catch (OperationCanceledException)
        {
            await WriteErrorEventAsync(response, GatewayErrors.UpstreamTimeout($"The upstream for model '{context.ModelAlias}' sent nothing for {idleTimeout.TotalSeconds:0.###}s; the stream was cut."), context, cancellationToken);
        }
        catch (GatewayException e)
        {
            // The output guard stopped the answer (block action or detection failure): end with its error, send nothing more.
            await WriteErrorEventAsync(response, e, context, cancellationToken);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            await WriteErrorEventAsync(response, GatewayErrors.UpstreamUnavailable($"The upstream for model '{context.ModelAlias}' broke off the stream: {e.Message}"), context, cancellationToken);
        }
        context.CompletionTokens ??= TokenEstimator.FromCharacters(tally.CompletionCharacters);
    }

    private static async Task WriteEventAsync(HttpResponse response, SseEventOutput output, StringBuilder pending, StringBuilder data, GatewayContext context, IOutputGuardSession session, StreamTally tally, CancellationToken cancellationToken)
    {
        var done = IsDone(data);
        // The event is written straight as UTF-8 (no string of the rewritten chunk, no copy of the whole event).
        var bytes = output.Start();
        foreach (var piece in pending.GetChunks())
            bytes.Advance(Encoding.UTF8.GetBytes(piece.Span, bytes.GetSpan(Encoding.UTF8.GetMaxByteCount(piece.Length))));
        if (data.Length > 0 && !done)
        {
            bytes.Write("data: "u8);
            WriteChunk(data, output, context, session, tally);
            bytes.Write("\n"u8);
        }
        else if (done)
            bytes.Write("data: [DONE]\n"u8);
        bytes.Write("\n"u8);
        pending.Clear();
        data.Clear();
        if (done && context.BeforeCompletion is { } beforeCompletion)
        {
            // The audit record is made durable before the caller sees the end of the stream.
            context.CompletionTokens ??= TokenEstimator.FromCharacters(tally.CompletionCharacters);
            await beforeCompletion();
        }
        await response.Body.WriteAsync(bytes.WrittenMemory, cancellationToken);
        if (done)
            // Nothing follows [DONE]: end the response now (last chunk flushed with the terminator), rather than when
            // the request delegate and every middleware have unwound, so the caller is not kept waiting for it.
            await response.CompleteAsync();
        else
            await response.Body.FlushAsync(cancellationToken);
    }

    private static bool IsDone(StringBuilder data) => data.Length == 6 && data.Equals("[DONE]".AsSpan());

    /// <summary>
    /// Writes the event's rewritten JSON: the common chunk by splicing its bytes (<see cref="PlainChunkRewriter"/>),
    /// any other through a JSON tree and <see cref="ResponseRewriter.RewriteChunk"/>.
    /// </summary>
    private static void WriteChunk(StringBuilder payload, SseEventOutput output, GatewayContext context, IOutputGuardSession session, StreamTally tally)
    {
        // Encoded into a pooled buffer: no string of the event's data is made first.
        var utf8 = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(payload.Length));
        try
        {
            var encoder = Encoding.UTF8.GetEncoder();
            var written = 0;
            foreach (var piece in payload.GetChunks())
                written += encoder.GetBytes(piece.Span, utf8.AsSpan(written), flush: false);
            written += encoder.GetBytes([], utf8.AsSpan(written), flush: true);
            var json = utf8.AsSpan(0, written);
            if (PlainChunkRewriter.TryWrite(json, context, session, tally, output))
                return;
            var chunk = Parse(json)
                // Not something we can guard; passing unguarded text through would defeat the output guard, so stop here.
                ?? throw new IOException("the upstream sent a stream event that is not a JSON object");
            ResponseRewriter.RewriteChunk(chunk, context, session, tally);
            var writer = output.Json();
            chunk.WriteTo(writer);
            writer.Flush();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    private static JsonObject? Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task WriteErrorEventAsync(HttpResponse response, GatewayException error, GatewayContext context, CancellationToken cancellationToken)
    {
        context.ErrorCode = error.Code;
        var bytes = OpenAIErrorWriter.ToJson(error);
        await response.Body.WriteAsync("data: "u8.ToArray(), cancellationToken);
        await response.Body.WriteAsync(bytes, cancellationToken);
        await response.Body.WriteAsync(EventEnd, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
