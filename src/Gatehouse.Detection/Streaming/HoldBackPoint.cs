using Gatehouse.Detection.Detectors;

namespace Gatehouse.Detection.Streaming;

/// <summary>
/// Finds where held-back stream text must start: the earliest position from which a detectable value could still
/// begin, or whose match or score could still change when more text arrives.
/// </summary>
/// <remarks>
/// Text is read as whitespace-delimited words. A <em>plain</em> word (lowercase letters, inner apostrophes, trailing
/// sentence punctuation, not a secret-assignment keyword) never starts a built-in value, so once finished it is
/// released. Any other word (digits, capitals, symbols, '@', ':', '/', '-----BEGIN', a word such as "password") may
/// start one, and values can run on over up to <see cref="PlainWordsInValue"/> plain words ("12 old mill lane",
/// "Ludwig van der Rohe"). Such a word is therefore held until that many plain words follow it and then
/// <see cref="ContextWords.Window"/> more characters, so that the match and its context-dependent score are final.
/// The last word is always held while it may still grow. Detectors configured by users may match plain words; the
/// guard still never releases a finding's value untransformed, because it rescans with left context and cuts before
/// any finding that straddles the cut.
/// </remarks>
public static class HoldBackPoint
{
    /// <summary>The most plain words a value begun by another word may run on over (a street name and its type).</summary>
    public const int PlainWordsInValue = 6;

    private static readonly string[] SecretStems = ["pass", "pwd", "secret", "key", "token", "credential", "auth"];

    /// <summary>The position in <paramref name="text"/> from which everything must still be held.</summary>
    /// <param name="text">The pending (unreleased) text.</param>
    /// <param name="from">Where to start looking; everything before it is released regardless (the cap).</param>
    /// <returns>A position between <paramref name="from"/> and the text's length.</returns>
    public static int Find(ReadOnlySpan<char> text, int from)
    {
        int? holdFrom = null;
        var plainSince = 0;
        var settleAfter = 0;
        var i = from;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }
            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
                i++;
            if (i == text.Length)
                return holdFrom ?? start; // the last word may still grow
            if (!IsPlain(text.Slice(start, i - start)))
            {
                holdFrom ??= start;
                plainSince = 0;
                continue;
            }
            if (holdFrom is null)
                continue;
            plainSince++;
            if (plainSince == PlainWordsInValue)
                settleAfter = i + ContextWords.Window;
            if (plainSince > PlainWordsInValue && i >= settleAfter)
                holdFrom = null;
        }
        return holdFrom ?? text.Length;
    }

    /// <summary>True for a finished word that cannot start or be part of a built-in value on its own.</summary>
    private static bool IsPlain(ReadOnlySpan<char> word)
    {
        var end = word.Length;
        while (end > 1 && word[end - 1] is ',' or '.' or '!' or '?' or ';')
            end--;
        var core = word[..end];
        for (var k = 0; k < core.Length; k++)
        {
            var c = core[k];
            if (char.IsLower(c) && c < 0x0250)
                continue;
            if (c is '\'' or '\u2019' && k > 0 && k < core.Length - 1)
                continue;
            return false;
        }
        foreach (var stem in SecretStems)
            if (core.Contains(stem, StringComparison.Ordinal))
                return false;
        return true;
    }
}
