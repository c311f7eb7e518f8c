using System.Buffers;

namespace Gatehouse.Detection.Detectors;

/// <summary>
/// The runs of digits in one text (start and length of each maximal run), found once with a vectorized scan and shared
/// by the number-shaped detectors (SSN, routing, NHS, card), which each ran their own regex over the same digits.
/// A match of those patterns starts at a digit with no digit before it (their look-behind rejects one), so it starts
/// at a run's first digit, and the run's length alone rules most starts out (a routing number is a run of exactly
/// nine), leaving the regex one anchored attempt per plausible run instead of a scan of the text.
/// </summary>
internal sealed class DigitGroups
{
    // The last text's runs, per thread: the engine runs its detectors one after another on one thread over one text,
    // so the first detector finds the runs and the others reuse them. Each text gets a fresh instance, so a caller
    // still enumerating an older one is never disturbed.
    [ThreadStatic] private static DigitGroups? _last;

    private readonly string _text;
    private readonly int[] _starts;
    private readonly int[] _lengths;
    private readonly int _count;

    private DigitGroups(string text, int[] starts, int[] lengths, int count)
    {
        _text = text;
        _starts = starts;
        _lengths = lengths;
        _count = count;
    }

    /// <summary>
    /// The runs of <paramref name="text"/>, or null when it holds a non-ASCII decimal digit (<c>\d</c> accepts those,
    /// so the caller scans the whole text as before).
    /// </summary>
    public static DigitGroups? Of(string text)
    {
        var last = _last;
        if (last is not null && ReferenceEquals(last._text, text))
            return last;
        if (HasNonAsciiDigit(text))
            return null;
        var starts = new List<int>();
        var lengths = new List<int>();
        var span = text.AsSpan();
        var at = span.IndexOfAnyInRange('0', '9');
        while (at >= 0)
        {
            var rest = span[at..];
            var length = rest.IndexOfAnyExceptInRange('0', '9');
            if (length < 0)
                length = rest.Length;
            starts.Add(at);
            lengths.Add(length);
            var next = span[(at + length)..].IndexOfAnyInRange('0', '9');
            at = next < 0 ? -1 : at + length + next;
        }
        last = new DigitGroups(text, [.. starts], [.. lengths], starts.Count);
        _last = last;
        return last;
    }

    /// <summary>The first digit of each run whose length <paramref name="accepts"/>, ascending.</summary>
    public IEnumerable<int> StartsOfRuns(Func<int, bool> accepts)
    {
        for (var i = 0; i < _count; i++)
            if (accepts(_lengths[i]))
                yield return _starts[i];
    }

    /// <summary>
    /// The first digit of every run and every position of one of <paramref name="chars"/> in <paramref name="text"/>
    /// (the text these runs were found in), merged in ascending order.
    /// </summary>
    public IEnumerable<int> StartsOfRunsAnd(string text, SearchValues<char> chars)
    {
        var run = 0;
        var other = text.AsSpan().IndexOfAny(chars);
        while (run < _count || other >= 0)
        {
            if (other < 0 || (run < _count && _starts[run] < other))
            {
                yield return _starts[run++];
                continue;
            }
            yield return other;
            var next = other + 1 < text.Length ? text.AsSpan(other + 1).IndexOfAny(chars) : -1;
            other = next < 0 ? -1 : other + 1 + next;
        }
    }

    private static bool HasNonAsciiDigit(string text)
    {
        var span = text.AsSpan();
        for (var at = span.IndexOfAnyExceptInRange('\0', '\u007f'); at >= 0;)
        {
            if (char.IsDigit(span[at]))
                return true;
            var next = span[(at + 1)..].IndexOfAnyExceptInRange('\0', '\u007f');
            at = next < 0 ? -1 : at + 1 + next;
        }
        return false;
    }
}
