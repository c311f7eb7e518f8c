using System.Text.Json;

namespace Gatehouse.Gateway.Upstreams;

/// <summary>
/// Where the parts the gateway rewrites sit in an upstream answer of the common shape — a stream chunk or a whole
/// answer with at most one choice, its generated text in a plain string (<c>delta.content</c> or
/// <c>message.content</c>, or <c>text</c> for a legacy completion) and no tool calls. Found by one read with
/// <see cref="Utf8JsonReader"/>, so such an answer is rewritten by splicing its original bytes rather than by building
/// and re-serialising a JSON tree. Anything else (several choices, tool calls, usage in a chunk, a repeated field the
/// gateway acts on, a type it does not expect, malformed JSON) is not plain: the caller takes the general path, which
/// handles every shape exactly as before.
/// </summary>
internal struct PlainAnswer
{
    /// <summary>Start of the <c>model</c> value, or -1 when the answer has none.</summary>
    public int ModelStart;

    /// <summary>End (exclusive) of the <c>model</c> value.</summary>
    public int ModelEnd;

    /// <summary>Whether the answer has a choice with text to guard (a <c>delta</c> or <c>message</c> object, or a completion's <c>text</c>).</summary>
    public bool HasText;

    /// <summary>The choice's index (0 when absent).</summary>
    public int ChoiceIndex;

    /// <summary>Whether the choice carries a non-empty string <c>finish_reason</c> (in a stream, the guard then releases what it holds).</summary>
    public bool Finished;

    /// <summary>The text to guard; null when the field is absent or JSON null.</summary>
    public string? Text;

    /// <summary>Start of the text field's value, or -1 when the field is absent.</summary>
    public int TextStart;

    /// <summary>End (exclusive) of the text field's value.</summary>
    public int TextEnd;

    /// <summary>Offset of the <c>delta</c> (or <c>message</c>) object's closing brace, where an absent <c>content</c> is added.</summary>
    public int HolderClose;

    /// <summary>Whether that object has any member (a comma must precede an added one).</summary>
    public bool HolderHasMembers;

    /// <summary>A whole answer's <c>usage.prompt_tokens</c>, when an integer.</summary>
    public int? PromptTokens;

    /// <summary>A whole answer's <c>usage.completion_tokens</c>, when an integer.</summary>
    public int? CompletionTokens;

    /// <summary>Reads a stream chunk; false when it is not plain (or not valid JSON).</summary>
    public static bool TryReadChunk(ReadOnlySpan<byte> json, out PlainAnswer answer) => TryRead(json, whole: false, out answer);

    /// <summary>Reads a whole (non-stream) answer; false when it is not plain (or not valid JSON).</summary>
    public static bool TryReadWhole(ReadOnlySpan<byte> json, out PlainAnswer answer) => TryRead(json, whole: true, out answer);

    private static bool TryRead(ReadOnlySpan<byte> json, bool whole, out PlainAnswer answer)
    {
        answer = new PlainAnswer { ModelStart = -1, TextStart = -1, HolderClose = -1 };
        // A stream event's data is written on one line: bytes that would break the line are left to the general path,
        // which re-serialises without them.
        if (!whole && json.IndexOfAny((byte)'\n', (byte)'\r') >= 0)
            return false;
        var reader = new Utf8JsonReader(json);
        try
        {
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject
                && ReadRoot(ref reader, whole, ref answer)
                // Anything but white space after the object makes the reader throw.
                && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            // Text that is not valid Unicode (a lone surrogate escape): the general path reports it.
            return false;
        }
    }

    private static bool ReadRoot(ref Utf8JsonReader reader, bool whole, ref PlainAnswer answer)
    {
        bool seenChoices = false, seenUsage = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("model"u8))
            {
                if (answer.ModelStart >= 0)
                    return false;
                reader.Read();
                answer.ModelStart = (int)reader.TokenStartIndex;
                reader.Skip();
                answer.ModelEnd = (int)reader.BytesConsumed;
            }
            else if (reader.ValueTextEquals("choices"u8))
            {
                if (seenChoices || !reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                    return false;
                seenChoices = true;
                var count = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    if (++count > 1 || reader.TokenType != JsonTokenType.StartObject || !ReadChoice(ref reader, whole, ref answer))
                        return false;
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                // A stream's usage comes once, at its end: the general path reads it.
                if (seenUsage || !reader.Read() || !(reader.TokenType == JsonTokenType.Null || whole && ReadUsage(ref reader, ref answer)))
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

    private static bool ReadChoice(ref Utf8JsonReader reader, bool whole, ref PlainAnswer answer)
    {
        var holder = whole ? "message"u8 : "delta"u8;
        bool seenIndex = false, seenFinish = false, seenHolder = false, seenText = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("index"u8))
            {
                if (seenIndex || !reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out answer.ChoiceIndex) || answer.ChoiceIndex < 0)
                    return false;
                seenIndex = true;
            }
            else if (reader.ValueTextEquals("finish_reason"u8))
            {
                if (seenFinish || !reader.Read() || reader.TokenType is not (JsonTokenType.Null or JsonTokenType.String))
                    return false;
                seenFinish = true;
                // An empty reason is none, as on the general path (some servers send "" on every chunk).
                answer.Finished = reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0;
            }
            else if (reader.ValueTextEquals(holder))
            {
                if (seenHolder || !reader.Read() || reader.TokenType != JsonTokenType.StartObject || !ReadHolder(ref reader, ref answer))
                    return false;
                seenHolder = true;
            }
            else if (reader.ValueTextEquals("text"u8))
            {
                if (seenText || !reader.Read() || !ReadText(ref reader, ref answer))
                    return false;
                seenText = true;
            }
            else if (reader.ValueTextEquals("logprobs"u8))
            {
                // Per-token log probabilities repeat the raw tokens: the general path removes them.
                if (!reader.Read() || reader.TokenType != JsonTokenType.Null)
                    return false;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        // A choice with both shapes is unusual; the general path decides which one it guards.
        if (seenHolder && seenText)
            return false;
        answer.HasText = seenHolder || seenText;
        return reader.TokenType == JsonTokenType.EndObject;
    }

    /// <summary>The <c>delta</c> or <c>message</c> object: its <c>content</c>, and no tool calls.</summary>
    private static bool ReadHolder(ref Utf8JsonReader reader, ref PlainAnswer answer)
    {
        bool seenContent = false, seenTools = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            answer.HolderHasMembers = true;
            if (reader.ValueTextEquals("content"u8))
            {
                if (seenContent || !reader.Read() || !ReadText(ref reader, ref answer))
                    return false;
                seenContent = true;
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                // Tool-call arguments are guarded per call by the general path.
                if (seenTools || !reader.Read() || reader.TokenType != JsonTokenType.Null)
                    return false;
                seenTools = true;
            }
            else if (reader.ValueTextEquals("role"u8))
            {
                reader.Read();
                reader.Skip();
            }
            else
            {
                // Any other member with a value may be generated text (reasoning, refusal, a legacy function call):
                // the general path decides, guarding every generated-text field it knows.
                if (!reader.Read() || reader.TokenType != JsonTokenType.Null)
                    return false;
            }
        }
        if (reader.TokenType != JsonTokenType.EndObject)
            return false;
        answer.HolderClose = (int)reader.TokenStartIndex;
        return true;
    }

    /// <summary>A text field's value: a string (kept, with its span) or null; any other type is not plain.</summary>
    private static bool ReadText(ref Utf8JsonReader reader, ref PlainAnswer answer)
    {
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null))
            return false;
        answer.TextStart = (int)reader.TokenStartIndex;
        answer.TextEnd = (int)reader.BytesConsumed;
        answer.Text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return true;
    }

    /// <summary>A whole answer's usage object: the two counts the context keeps, when they are integers.</summary>
    private static bool ReadUsage(ref Utf8JsonReader reader, ref PlainAnswer answer)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            return false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var prompt = reader.ValueTextEquals("prompt_tokens"u8);
            var completion = !prompt && reader.ValueTextEquals("completion_tokens"u8);
            reader.Read();
            if ((prompt || completion) && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var count))
            {
                if ((prompt ? answer.PromptTokens : answer.CompletionTokens) is not null)
                    return false;
                if (prompt)
                    answer.PromptTokens = count;
                else
                    answer.CompletionTokens = count;
            }
            else
                reader.Skip();
        }
        return reader.TokenType == JsonTokenType.EndObject;
    }
}
