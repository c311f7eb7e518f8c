using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gatehouse.Gateway.Hosting;

namespace Gatehouse.Gateway.Upstreams;

/// <summary>
/// The bytes sent to an upstream: the (transformed) request body written out once with <c>model</c> replaced by the
/// upstream's own model name. Every other member, known or not, is written as the caller sent it, in its place, so
/// unknown fields pass through unchanged. Written straight from the parsed body: no copy of the tree, no string.
/// </summary>
public static class UpstreamRequestBody
{
    // Each thread writes into its own reused buffer and writer, and keeps only an exact copy of the result: a buffer
    // sized by guess per request cost about twice the body.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>Serializes <paramref name="body"/> with <c>model</c> set to <paramref name="upstreamModel"/> (appended when absent).</summary>
    public static ReadOnlyMemory<byte> Serialize(JsonObject body, string upstreamModel)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer, GatewayJson.Writer);
        writer.Reset(buffer);
        try
        {
            writer.WriteStartObject();
            var wroteModel = false;
            foreach (var (name, value) in body)
            {
                if (name == "model")
                {
                    writer.WriteString(name, upstreamModel);
                    wroteModel = true;
                    continue;
                }
                writer.WritePropertyName(name);
                if (value is null)
                    writer.WriteNullValue();
                else
                    value.WriteTo(writer);
            }
            if (!wroteModel)
                writer.WriteString("model", upstreamModel);
            writer.WriteEndObject();
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            // A body far larger than usual is not kept alive by the thread.
            // The caller's text is not left lying in the thread's buffer either.
            buffer.Clear();
            if (buffer.Capacity > 256 * 1024)
                (t_buffer, t_writer) = (null, null);
        }
    }
}
