using System.Buffers;
using System.Text;
using System.Text.Unicode;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gatehouse.Gateway.Errors;
using Gatehouse.Gateway.Pipeline;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.Gateway.Upstreams;

/// <summary>
/// Relays a non-stream upstream answer: read whole, rewrite (model alias, guarded text, usage), write. The common
/// answer is rewritten by splicing its bytes (<see cref="PlainAnswerRewriter"/>), any other through a JSON tree and
/// <see cref="ResponseRewriter.RewriteWhole"/>.
/// </summary>
internal static class WholeResponseRelay
{
    /// <summary>Writes the upstream's successful JSON answer to <paramref name="http"/>.</summary>
    public static async Task RelayAsync(HttpResponseMessage upstream, GatewayContext context, IOutputGuard guard, HttpContext http, CancellationToken cancellationToken)
    {
        var (body, length) = await ReadAsync(upstream, context, cancellationToken);
        AnswerBuffer output;
        try
        {
            output = new AnswerBuffer(length + 256);
            Rewrite(body.AsSpan(0, length), context, guard, output);
        }
        finally
        {
            // Cleared on return: it held the upstream's answer before the guard's changes, and the pool is shared.
            ArrayPool<byte>.Shared.Return(body, clearArray: true);
        }

        EntityHeader.Set(http.Response, context);
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json";
        // Written in one go after the audit record is durable (context.BeforeCompletion).
        if (context.BeforeCompletion is { } beforeCompletion)
            await beforeCompletion();
        // The length is known, so the answer goes out as one write with Content-Length: no chunked framing, and the
        // caller has the whole answer at once instead of waiting for Kestrel's terminating chunk, which is sent only
        // after the request delegate and every middleware have unwound (more thread-pool hops under load).
        http.Response.ContentLength = output.Bytes.WrittenCount;
        await http.Response.Body.WriteAsync(output.Bytes.WrittenMemory, cancellationToken);
    }

    private static void Rewrite(ReadOnlySpan<byte> json, GatewayContext context, IOutputGuard guard, AnswerBuffer output)
    {
        // Bytes that are not UTF-8 are replaced by U+FFFD as a text decoder would (as the stream relay does): only text
        // is relayed, and the text guarded is the text the caller reads.
        if (!Utf8.IsValid(json))
            json = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(json));
        var session = guard.Open(context);
        if (PlainAnswerRewriter.TryWriteWhole(json, context, session, output))
            return;
        JsonObject body;
        try
        {
            body = UpstreamJson.ParseObject(json);
        }
        catch (JsonException e)
        {
            throw GatewayErrors.UpstreamUnavailable($"The upstream for model '{context.ModelAlias}' answered with invalid JSON: {e.Message}");
        }
        ResponseRewriter.RewriteWhole(body, context, session);
        var writer = output.Json();
        body.WriteTo(writer);
        writer.Flush();
    }

    /// <summary>The answer's bytes in a pooled buffer (the caller returns it) and their length.</summary>
    private static async Task<(byte[] Buffer, int Length)> ReadAsync(HttpResponseMessage upstream, GatewayContext context, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(upstream.Content.Headers.ContentLength ?? 0, 0, 1 << 20) + 1);
        var length = 0;
        try
        {
            await using var stream = await upstream.Content.ReadAsStreamAsync(cancellationToken);
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
                    buffer = larger;
                }
                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                    return (buffer, length);
                length += read;
            }
        }
        catch (Exception e)
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
            if (e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
                throw GatewayErrors.UpstreamUnavailable($"The upstream for model '{context.ModelAlias}' broke off its answer: {e.Message}");
            throw;
        }
    }
}
