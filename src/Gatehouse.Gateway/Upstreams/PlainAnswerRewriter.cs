using System.Buffers;
using Gatehouse.Gateway.Pipeline;

namespace Gatehouse.Gateway.Upstreams;

/// <summary>
/// The relays' fast path for the common answer (<see cref="PlainAnswer"/>): the same rewrite as
/// <see cref="ResponseRewriter"/> — <c>model</c> back to the alias, the text through the output guard (in a stream,
/// plus what it held back at the choice's finish), usage onto the context — written by copying the answer's original
/// bytes around the two values it changes. Every other byte, unknown fields included, goes out as the upstream sent it.
/// Both methods return false, having written nothing and not called the guard, when the answer is not plain; the
/// caller then takes the general path.
/// </summary>
internal static class PlainAnswerRewriter
{
    /// <summary>Writes the rewritten stream chunk <paramref name="json"/> to <paramref name="output"/>.</summary>
    public static bool TryWriteChunk(ReadOnlySpan<byte> json, GatewayContext context, IOutputGuardSession guard, StreamTally tally, AnswerBuffer output)
    {
        if (!PlainAnswer.TryReadChunk(json, out var chunk))
            return false;
        // A choice's finish (once per choice and stream) takes the general path: it releases what the guard still holds
        // in every stream of the choice (tool calls, reasoning, refusal), also when the chunk carries no text at all.
        if (chunk.Finished)
            return false;
        string? text = null;
        if (chunk.HasText)
        {
            tally.Track(chunk.ChoiceIndex, finished: false);
            text = GuardDelta(chunk, guard, tally);
        }
        Splice(json, chunk, text, context, output);
        return true;
    }

    /// <summary>Writes the rewritten whole answer <paramref name="json"/> to <paramref name="output"/>.</summary>
    public static bool TryWriteWhole(ReadOnlySpan<byte> json, GatewayContext context, IOutputGuardSession guard, AnswerBuffer output)
    {
        if (!PlainAnswer.TryReadWhole(json, out var answer))
            return false;
        // A whole choice's text is guarded as one; an absent or null text stays as it is.
        var text = answer.HasText && answer.Text is not null ? guard.GuardText(answer.ChoiceIndex, answer.Text) : null;
        Splice(json, answer, text, context, output);
        if (answer.PromptTokens is { } prompt)
            context.PromptTokens = prompt;
        if (answer.CompletionTokens is { } completion)
            context.CompletionTokens = completion;
        return true;
    }

    /// <summary>
    /// The text to send for the chunk's choice, as <see cref="ResponseRewriter"/>'s field guard computes it; null when
    /// the field stays as it is (absent or null, and nothing released).
    /// </summary>
    private static string? GuardDelta(in PlainAnswer chunk, IOutputGuardSession guard, StreamTally tally)
    {
        var text = chunk.Text is null ? "" : guard.GuardDelta(chunk.ChoiceIndex, chunk.Text);
        tally.CompletionCharacters += text.Length;
        return chunk.Text is not null || text.Length > 0 ? text : null;
    }

    /// <summary>
    /// Copies <paramref name="json"/> with up to two edits, in the order they appear: the model value, and the text
    /// value (or, where the holder object has no <c>content</c>, a new member before its closing brace).
    /// </summary>
    private static void Splice(ReadOnlySpan<byte> json, in PlainAnswer answer, string? text, GatewayContext context, AnswerBuffer output)
    {
        var modelEdit = answer.ModelStart >= 0 && context.ModelAlias is not null;
        var textEdit = text is not null && !string.Equals(text, answer.Text, StringComparison.Ordinal);
        var textStart = answer.TextStart >= 0 ? answer.TextStart : answer.HolderClose;
        var textEnd = answer.TextStart >= 0 ? answer.TextEnd : answer.HolderClose;
        var bytes = output.Bytes;
        var position = 0;
        if (modelEdit && (!textEdit || answer.ModelStart < textStart))
        {
            position = Copy(json, position, answer.ModelStart, bytes);
            output.WriteString(context.ModelAlias!);
            position = answer.ModelEnd;
            modelEdit = false;
        }
        if (textEdit)
        {
            position = Copy(json, position, textStart, bytes);
            if (answer.TextStart < 0)
                bytes.Write(answer.HolderHasMembers ? ",\"content\":"u8 : "\"content\":"u8);
            output.WriteString(text!);
            position = textEnd;
        }
        if (modelEdit)
        {
            position = Copy(json, position, answer.ModelStart, bytes);
            output.WriteString(context.ModelAlias!);
            position = answer.ModelEnd;
        }
        Copy(json, position, json.Length, bytes);
    }

    private static int Copy(ReadOnlySpan<byte> json, int from, int to, IBufferWriter<byte> bytes)
    {
        bytes.Write(json[from..to]);
        return to;
    }
}
