using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gatehouse.Gateway.Hosting;

/// <summary>
/// The length in UTF-16 characters of a string in a parsed request body, without decoding it when it can be avoided.
/// The body's strings stay UTF-8 inside the parsed document until read; reading a 2 KB prompt only to count it cost
/// a 4 KB string each time (the policy input and the token estimate both count).
/// </summary>
internal static class JsonStringLength
{
    /// <summary>The string's length, or null when <paramref name="value"/> is not a string.</summary>
    public static int? Of(JsonValue value)
    {
        if (value.TryGetValue<JsonElement>(out var element))
        {
            if (element.ValueKind != JsonValueKind.String)
                return null;
            var raw = JsonMarshal.GetRawUtf8Value(element);
            if (raw.Length >= 2 && raw[0] == '"' && raw[^1] == '"')
                raw = raw[1..^1];
            // Without escapes the raw bytes are the text (the parser validated them as UTF-8); with escapes, decode.
            return raw.IndexOf((byte)'\\') < 0 ? Encoding.UTF8.GetCharCount(raw) : element.GetString()!.Length;
        }
        return value.TryGetValue<string>(out var text) ? text.Length : null;
    }
}
