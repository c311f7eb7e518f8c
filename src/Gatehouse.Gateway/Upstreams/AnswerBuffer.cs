using System.Buffers;
using System.Text.Json;

namespace Gatehouse.Gateway.Upstreams;

/// <summary>
/// The buffer a rewritten answer (a whole one, or each event of a stream in turn) is built in as UTF-8 before it is
/// written out, with one JSON writer over it; a stream resets and reuses both for every event.
/// </summary>
internal sealed class AnswerBuffer(int initialCapacity = 1024)
{
    private readonly ArrayBufferWriter<byte> _bytes = new(initialCapacity);
    private Utf8JsonWriter? _json;

    /// <summary>What has been built so far.</summary>
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
