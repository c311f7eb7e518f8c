using System.Buffers;
using System.Text.Json;

namespace Gatehouse.Gateway.Upstreams;

/// <summary>
/// One relayed stream's reusable event buffer and JSON writer: each event is built here as UTF-8 and written out
/// whole, and the buffer is reset for the next (each write is awaited first).
/// </summary>
internal sealed class SseEventOutput
{
    private readonly ArrayBufferWriter<byte> _bytes = new(1024);
    private Utf8JsonWriter? _json;

    /// <summary>The event being built.</summary>
    public ArrayBufferWriter<byte> Bytes => _bytes;

    /// <summary>The buffer, emptied for the next event.</summary>
    public ArrayBufferWriter<byte> Start()
    {
        _bytes.ResetWrittenCount();
        return _bytes;
    }

    /// <summary>The JSON writer, reset to append to the buffer (the caller flushes it).</summary>
    public Utf8JsonWriter Json()
    {
        if (_json is null)
            _json = new Utf8JsonWriter(_bytes, Hosting.GatewayJson.Writer);
        else
            _json.Reset(_bytes);
        return _json;
    }

    /// <summary>Appends <paramref name="text"/> as a JSON string, escaped as the gateway escapes every string.</summary>
    public void WriteString(string text)
    {
        var json = Json();
        json.WriteStringValue(text);
        json.Flush();
    }
}
