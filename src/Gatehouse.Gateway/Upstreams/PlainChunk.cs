using System.Text.Json;

namespace Gatehouse.Gateway.Upstreams;

/// <summary>
/// Where the parts the gateway rewrites sit in one stream chunk of the common shape: at most one choice, its generated
/// text in a plain string (<c>delta.content</c>, or <c>text</c> for a legacy completion), no tool calls, no usage. Found
/// by one read with <see cref="Utf8JsonReader"/>, so such a chunk is rewritten by splicing its original bytes rather
/// than by building and re-serialising a JSON tree. Anything else (several choices, tool calls, usage, a repeated
/// field the gateway acts on, a type it does not expect, malformed JSON) is not a plain chunk: the caller takes the
/// general path, which handles every shape exactly as before.
/// </summary>
internal struct PlainChunk
{
    /// <summary>Start of the <c>model</c> value, or -1 when the chunk has none.</summary>
    public int ModelStart;

    /// <summary>End (exclusive) of the <c>model</c> value.</summary>
    public int ModelEnd;

    /// <summary>Whether the chunk has a choice with text to guard (a <c>delta</c> object, or a completion's <c>text</c>).</summary>
    public bool HasText;

    /// <summary>Whether the text is the legacy completion's <c>text</c> field rather than <c>delta.content</c>.</summary>
    public bool IsCompletion;

    /// <summary>The choice's index (0 when absent).</summary>
    public int ChoiceIndex;

    /// <summary>Whether the choice carries a string <c>finish_reason</c> (the guard then releases what it holds).</summary>
    public bool Finished;

    /// <summary>The text to guard; null when the field is absent or JSON null.</summary>
    public string? Text;

    /// <summary>Start of the text field's value, or -1 when the field is absent.</summary>
    public int TextStart;

    /// <summary>End (exclusive) of the text field's value.</summary>
    public int TextEnd;

    /// <summary>Offset of the <c>delta</c> object's closing brace (where an absent <c>content</c> is added).</summary>
    public int DeltaClose;

    /// <summary>Whether the <c>delta</c> object has any member (a comma must precede an added one).</summary>
    public bool DeltaHasMembers;

    /// <summary>Reads <paramref name="json"/>; false when it is not a plain chunk (or not valid JSON).</summary>
    public static bool TryRead(ReadOnlySpan<byte> json, out PlainChunk chunk)
    {
        chunk = new PlainChunk { ModelStart = -1, TextStart = -1, DeltaClose = -1 };
        // The relay writes the event's data on one line: bytes that would break the line are left to the general path,
        // which re-serialises without them.
        if (json.IndexOfAny((byte)'\n', (byte)'\r') >= 0)
            return false;
        var reader = new Utf8JsonReader(json);
        try
        {
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject
                && ReadRoot(ref reader, ref chunk)
                // Anything but white space after the object makes the reader throw.
                && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool ReadRoot(ref Utf8JsonReader reader, ref PlainChunk chunk)
    {
        bool seenChoices = false, seenUsage = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("model"u8))
            {
                if (chunk.ModelStart >= 0)
                    return false;
                reader.Read();
                chunk.ModelStart = (int)reader.TokenStartIndex;
                reader.Skip();
                chunk.ModelEnd = (int)reader.BytesConsumed;
            }
            else if (reader.ValueTextEquals("choices"u8))
            {
                if (seenChoices || !reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                    return false;
                seenChoices = true;
                var count = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    if (++count > 1 || reader.TokenType != JsonTokenType.StartObject || !ReadChoice(ref reader, ref chunk))
                        return false;
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                // Usage is read onto the context by the general path; it comes once per stream.
                if (seenUsage || !reader.Read() || reader.TokenType != JsonTokenType.Null)
                    return false;
                seenUsage = true;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return reader.TokenType == JsonTokenType.EndObject;
    }

    private static bool ReadChoice(ref Utf8JsonReader reader, ref PlainChunk chunk)
    {
        bool seenIndex = false, seenFinish = false, seenDelta = false, seenText = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("index"u8))
            {
                if (seenIndex || !reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out chunk.ChoiceIndex))
                    return false;
                seenIndex = true;
            }
            else if (reader.ValueTextEquals("finish_reason"u8))
            {
                if (seenFinish || !reader.Read() || reader.TokenType is not (JsonTokenType.Null or JsonTokenType.String))
                    return false;
                seenFinish = true;
                chunk.Finished = reader.TokenType == JsonTokenType.String;
            }
            else if (reader.ValueTextEquals("delta"u8))
            {
                if (seenDelta || !reader.Read() || reader.TokenType != JsonTokenType.StartObject || !ReadDelta(ref reader, ref chunk))
                    return false;
                seenDelta = true;
            }
            else if (reader.ValueTextEquals("text"u8))
            {
                if (seenText || !reader.Read() || !ReadText(ref reader, ref chunk))
                    return false;
                seenText = true;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        // A choice with both shapes is unusual; the general path decides which one it guards.
        if (seenDelta && seenText)
            return false;
        chunk.HasText = seenDelta || seenText;
        chunk.IsCompletion = seenText;
        return reader.TokenType == JsonTokenType.EndObject;
    }

    private static bool ReadDelta(ref Utf8JsonReader reader, ref PlainChunk chunk)
    {
        bool seenContent = false, seenTools = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            chunk.DeltaHasMembers = true;
            if (reader.ValueTextEquals("content"u8))
            {
                if (seenContent || !reader.Read() || !ReadText(ref reader, ref chunk))
                    return false;
                seenContent = true;
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                // Tool-call argument fragments are guarded per call by the general path.
                if (seenTools || !reader.Read() || reader.TokenType != JsonTokenType.Null)
                    return false;
                seenTools = true;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (reader.TokenType != JsonTokenType.EndObject)
            return false;
        chunk.DeltaClose = (int)reader.TokenStartIndex;
        return true;
    }

    /// <summary>A text field's value: a string (kept, with its span) or null; any other type is not plain.</summary>
    private static bool ReadText(ref Utf8JsonReader reader, ref PlainChunk chunk)
    {
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null))
            return false;
        chunk.TextStart = (int)reader.TokenStartIndex;
        chunk.TextEnd = (int)reader.BytesConsumed;
        chunk.Text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return true;
    }
}
