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
    /// <summary>Serializes <paramref name="body"/> with <c>model</c> set to <paramref name="upstreamModel"/> (appended when absent).</summary>
    public static ReadOnlyMemory<byte> Serialize(JsonObject body, string upstreamModel, int sizeHint = 4096)
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Max(256, sizeHint));
        using (var writer = new Utf8JsonWriter(buffer, GatewayJson.Writer))
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
        }
        return buffer.WrittenMemory;
    }
}
