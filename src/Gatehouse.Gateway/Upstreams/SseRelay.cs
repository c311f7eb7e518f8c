using System.Buffers;
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
        var output = new AnswerBuffer();
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sawDone = false;
        try
        {
            await using var stream = await upstream.Content.ReadAsStreamAsync(cancellationToken);
            using var events = new SseEventReader(stream, idle, idleTimeout);
            while (await events.ReadEventAsync(idle.Token))
            {
                sawDone = await WriteEventAsync(response, output, events, context, session, tally, cancellationToken);
                if (sawDone)
                    break;
            }
            // What arrived after the last blank line, if the upstream ended without one.
            if (!sawDone && events.HasContent)
                sawDone = await WriteEventAsync(response, output, events, context, session, tally, cancellationToken);
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

    /// <summary>Relays the event <paramref name="events"/> holds; true when it was <c>[DONE]</c>.</summary>
    private static async Task<bool> WriteEventAsync(HttpResponse response, AnswerBuffer output, SseEventReader events, GatewayContext context, IOutputGuardSession session, StreamTally tally, CancellationToken cancellationToken)
    {
        var bytes = output.Start();
        var done = BuildEvent(bytes, output, events, context, session, tally);
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
        return done;
    }

    /// <summary>Writes the event to send into <paramref name="bytes"/> as UTF-8; true when it is <c>[DONE]</c>.</summary>
    private static bool BuildEvent(ArrayBufferWriter<byte> bytes, AnswerBuffer output, SseEventReader events, GatewayContext context, IOutputGuardSession session, StreamTally tally)
    {
        var data = events.Data;
        var done = data.SequenceEqual("[DONE]"u8);
        if (done)
            WriteHeldText(bytes, output, context, session, tally);
        bytes.Write(events.OtherLines);
        if (done)
            bytes.Write("data: [DONE]\n"u8);
        else if (!data.IsEmpty)
        {
            bytes.Write("data: "u8);
            WriteChunk(data, output, context, session, tally);
            bytes.Write("\n"u8);
        }
        bytes.Write("\n"u8);
        return done;
    }

    /// <summary>
    /// At <c>[DONE]</c>, what the guard still holds for a choice that never sent a finish goes out in an event of its own
    /// before it, rather than being dropped.
    /// </summary>
    private static void WriteHeldText(ArrayBufferWriter<byte> bytes, AnswerBuffer output, GatewayContext context, IOutputGuardSession session, StreamTally tally)
    {
        foreach (var index in tally.Unfinished())
        {
            if (ResponseRewriter.ReleaseHeld(index, context, session, tally) is not { } chunk)
                continue;
            bytes.Write("data: "u8);
            var writer = output.Json();
            chunk.WriteTo(writer);
            writer.Flush();
            bytes.Write("\n\n"u8);
        }
    }

    /// <summary>
    /// Writes the event's rewritten JSON: the common chunk by splicing its bytes (<see cref="PlainAnswerRewriter"/>),
    /// any other through a JSON tree and <see cref="ResponseRewriter.RewriteChunk"/>.
    /// </summary>
    private static void WriteChunk(ReadOnlySpan<byte> json, AnswerBuffer output, GatewayContext context, IOutputGuardSession session, StreamTally tally)
    {
        if (PlainAnswerRewriter.TryWriteChunk(json, context, session, tally, output))
            return;
        JsonObject chunk;
        try
        {
            chunk = UpstreamJson.ParseObject(json);
        }
        catch (JsonException e)
        {
            // Not something we can guard; passing unguarded text through would defeat the output guard, so stop here.
            throw new IOException("the upstream sent a stream event that is not a JSON object the gateway can read: " + e.Message);
        }
        ResponseRewriter.RewriteChunk(chunk, context, session, tally);
        var writer = output.Json();
        chunk.WriteTo(writer);
        writer.Flush();
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
