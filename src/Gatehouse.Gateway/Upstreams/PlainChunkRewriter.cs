using System.Buffers;
using Gatehouse.Gateway.Pipeline;

namespace Gatehouse.Gateway.Upstreams;

/// <summary>
/// The stream relay's fast path for the common chunk (<see cref="PlainChunk"/>): the same rewrite as
/// <see cref="ResponseRewriter.RewriteChunk"/> — <c>model</c> back to the alias, the text through the output guard
/// (plus what it held back, at the choice's finish) — written by copying the chunk's original bytes around the two
/// values it changes. Every other byte, unknown fields included, goes out as the upstream sent it.
/// </summary>
internal static class PlainChunkRewriter
{
    /// <summary>
    /// Writes the rewritten <paramref name="json"/> to <paramref name="output"/>; false (nothing written, the guard not
    /// called) when the chunk is not plain, and the caller must take the general path.
    /// </summary>
    public static bool TryWrite(ReadOnlySpan<byte> json, GatewayContext context, IOutputGuardSession guard, StreamTally tally, SseEventOutput output)
    {
        if (!PlainChunk.TryRead(json, out var chunk))
            return false;
        // At a finish the general path also releases what the guard holds for the choice's tool calls.
        if (chunk.HasText && chunk.Finished && tally.HasToolCalls(chunk.ChoiceIndex))
            return false;

        var text = chunk.HasText ? Guard(chunk, guard, tally) : null;
        // Up to two edits, in the order they appear: the model value, and the text value (or, for a delta without
        // content, the new member before its closing brace).
        var modelEdit = chunk.ModelStart >= 0 && context.ModelAlias is not null;
        var textEdit = text is not null && !ReferenceEquals(text, chunk.Text) && !string.Equals(text, chunk.Text, StringComparison.Ordinal);
        var textStart = chunk.TextStart >= 0 ? chunk.TextStart : chunk.DeltaClose;
        var textEnd = chunk.TextStart >= 0 ? chunk.TextEnd : chunk.DeltaClose;
        var bytes = output.Bytes;
        var position = 0;
        if (modelEdit && (!textEdit || chunk.ModelStart < textStart))
        {
            position = Copy(json, position, chunk.ModelStart, bytes);
            output.WriteString(context.ModelAlias!);
            position = chunk.ModelEnd;
            modelEdit = false;
        }
        if (textEdit)
        {
            position = Copy(json, position, textStart, bytes);
            if (chunk.TextStart < 0)
                bytes.Write(chunk.DeltaHasMembers ? ",\"content\":"u8 : "\"content\":"u8);
            output.WriteString(text!);
            position = textEnd;
        }
        if (modelEdit)
        {
            position = Copy(json, position, chunk.ModelStart, bytes);
            output.WriteString(context.ModelAlias!);
            position = chunk.ModelEnd;
        }
        Copy(json, position, json.Length, bytes);
        return true;
    }

    /// <summary>
    /// The text to send for the choice, as <see cref="ResponseRewriter"/>'s field guard computes it; null when the
    /// field stays as it is (absent or null, and nothing released).
    /// </summary>
    private static string? Guard(in PlainChunk chunk, IOutputGuardSession guard, StreamTally tally)
    {
        var text = chunk.Text is null ? "" : guard.GuardDelta(chunk.ChoiceIndex, chunk.Text);
        if (chunk.Finished && guard.Flush(chunk.ChoiceIndex) is { Length: > 0 } rest)
            text += rest;
        tally.CompletionCharacters += text.Length;
        return chunk.Text is not null || text.Length > 0 ? text : null;
    }

    private static int Copy(ReadOnlySpan<byte> json, int from, int to, IBufferWriter<byte> bytes)
    {
        bytes.Write(json[from..to]);
        return to;
    }
}
