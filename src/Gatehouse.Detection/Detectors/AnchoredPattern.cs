using System.Buffers;
using System.Text.RegularExpressions;

namespace Gatehouse.Detection.Detectors;

/// <summary>
/// Runs a detector's regex only in windows around the characters every match must contain (digits for numbers,
/// <c>@</c> for e-mail addresses, <c>://</c> for credential URLs), found with one vectorized
/// <see cref="MemoryExtensions.IndexOfAny{T}(ReadOnlySpan{T}, SearchValues{T})"/> pass. Text without those characters
/// costs next to nothing, and text with them is matched only near them.
/// </summary>
/// <remarks>
/// Same matches as a whole-text scan, provided two facts about the pattern hold: every match contains an anchor
/// (a character in <see cref="Chars"/> accepted by <see cref="Accept"/>) at most <see cref="Before"/> − 2 characters
/// after its start, and no match is longer than <see cref="After"/> − 2 characters. Then the window
/// [anchor − Before, anchor + After) holds every match through that anchor with its one-character look-behind and
/// two-character look-ahead intact, and a window edge can never create a match: one starting at the left edge would
/// have no anchor near its start, one ending at the right edge would reach past the last anchor's reach. Overlapping
/// windows are merged, and matching resumes after the previous match, as the whole-text scan does.
/// Worth it only when the pattern's first characters are common (letters): a pattern that starts with a digit or a
/// literal is already searched with a vectorized scan by the regex engine, and windows would only add overhead
/// (measured: phone, card and SSN patterns got slower on text with PII).
/// </remarks>
internal sealed class AnchoredPattern(Regex pattern, SearchValues<char>? chars, int before, int after, Func<string, int, bool>? accept = null)
{
    /// <summary>
    /// Anchored on literal phrases instead of characters (an organisation's legal suffix): the anchor is where one of
    /// <paramref name="phrases"/> starts.
    /// </summary>
    public AnchoredPattern(Regex pattern, PhraseSearch phrases, int before, int after, Func<string, int, bool>? accept = null)
        : this(pattern, (SearchValues<char>?)null, before, after, accept) => Phrases = phrases;

    /// <summary>The characters a match must contain (null when anchored on <see cref="Phrases"/>).</summary>
    public SearchValues<char>? Chars { get; } = chars;

    /// <summary>The phrases a match must contain, when anchored on phrases.</summary>
    public PhraseSearch? Phrases { get; }

    /// <summary>Window reach before an anchor (the anchor's greatest offset into a match, plus look-behind).</summary>
    public int Before { get; } = before;

    /// <summary>Window reach after an anchor (the longest match, plus look-ahead).</summary>
    public int After { get; } = after;

    /// <summary>Rejects anchor characters that cannot be the anchor of a match (a ':' not followed by "//").</summary>
    public Func<string, int, bool>? Accept { get; } = accept;

    /// <summary>Digits: the anchor of every number-shaped detector.</summary>
    public static SearchValues<char> Digits { get; } = SearchValues.Create("0123456789");

    /// <summary>The matches of the pattern in <paramref name="text"/>, in order, as a whole-text scan finds them.</summary>
    public IEnumerable<Match> Matches(string text)
    {
        var phrases = Phrases?.Over(text);
        var anchor = NextAnchor(text, 0, phrases);
        while (anchor >= 0)
        {
            // Windows never overlap (they are merged), so the previous match ended before this one starts.
            var start = Math.Max(0, anchor - Before);
            var end = (int)Math.Min(text.Length, (long)anchor + After);
            // Merge the windows of every further anchor that starts before this window ends.
            while ((anchor = NextAnchor(text, anchor + 1, phrases)) >= 0 && anchor - Before <= end)
                end = (int)Math.Min(text.Length, (long)anchor + After);
            if (start >= end)
                continue;
            for (var m = pattern.Match(text, start, end - start); m.Success; m = m.NextMatch())
                yield return m;
        }
    }

    private int NextAnchor(string text, int from, PhraseSearch.Cursor? phrases)
    {
        while (from < text.Length)
        {
            int at;
            if (phrases is not null)
                at = phrases.Next(from);
            else
            {
                at = text.AsSpan(from).IndexOfAny(Chars!);
                at = at < 0 ? -1 : at + from;
            }
            if (at < 0)
                return -1;
            if (Accept is null || Accept(text, at))
                return at;
            from = at + 1;
        }
        return -1;
    }
}
