using System.Text.RegularExpressions;

namespace Gatehouse.Detection.Detectors;

/// <summary>
/// Runs a pattern only at the positions a detector knows every match must start at (the local part before an '@', a
/// cue phrase, a wallet-shaped run), with the same result as a whole-text scan.
/// </summary>
internal static class AnchoredStarts
{
    /// <summary>
    /// Tries <paramref name="atStart"/> (the detector's pattern with a leading <c>\G</c>) at each of
    /// <paramref name="starts"/>, which must ascend and include every position a match can start at. A start inside
    /// the previous match is skipped, as a whole-text scan resumes after each match.
    /// </summary>
    public static IEnumerable<Match> Matches(Regex atStart, string text, IEnumerable<int> starts)
    {
        var resume = 0;
        foreach (var start in starts)
        {
            if (start < resume)
                continue;
            var m = atStart.Match(text, start);
            if (!m.Success)
                continue;
            resume = m.Index + m.Length;
            yield return m;
        }
    }
}
