using System.Text;
using System.Text.RegularExpressions;

namespace Gatehouse.Detection.Detectors;

/// <summary>
/// Runs a pattern that begins with <c>\b</c> and a case-insensitive alternation of cue phrases ("lives in", "my name
/// is", "Dr") only where one of those phrases starts, found with one vectorized multi-string search, instead of trying
/// the alternation at every letter of the text. Same matches as a whole-text scan of <c>wholeText</c>.
/// </summary>
/// <remarks>
/// <paramref name="atStart"/> must be <paramref name="wholeText"/> with a leading <c>\G</c>, and every match of the
/// pattern must start with one of <paramref name="cues"/> (a literal prefix of each alternative is enough) at a word
/// boundary. The cue search is ordinal case-insensitive, which agrees with the regex engine's case-insensitivity on
/// ASCII only (the regex also equates, for example, the Kelvin sign with 'k'), so text with any non-ASCII character
/// takes the whole-text scan. Candidates are visited left to right and one inside the previous match is skipped, as
/// the whole-text scan resumes after each match.
/// </remarks>
internal sealed class CuedPattern(Regex wholeText, Regex atStart, params string[] cues)
{
    private readonly PhraseSearch _cues = new(cues, StringComparison.OrdinalIgnoreCase);

    /// <summary>The matches in <paramref name="text"/>, in order, as <c>wholeText.Matches(text)</c> finds them.</summary>
    public IEnumerable<Match> Matches(string text)
    {
        if (!Ascii.IsValid(text))
            return wholeText.Matches(text);
        // Most short texts (a chat message, a dataset cell) hold no cue at all: answer that without building the
        // chain of iterators that walks the cues (issue #6).
        var cues = _cues.Over(text);
        var first = cues.Next(0);
        return first < 0 ? [] : AnchoredStarts.Matches(atStart, text, CueStarts(text, cues, first));
    }

    /// <summary>Where a cue starts at a word boundary, in order, from the first cue found.</summary>
    private static IEnumerable<int> CueStarts(string text, PhraseSearch.Cursor cues, int first)
    {
        for (var start = first; start >= 0; start = cues.Next(start + 1))
            if (start == 0 || !IsAsciiWordChar(text[start - 1]))
                yield return start;
    }

    private static bool IsAsciiWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
