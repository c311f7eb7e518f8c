using System.Buffers;

namespace Gatehouse.Detection.Detectors;

/// <summary>
/// Words that, found near a candidate, make it more likely to be what the detector thinks (for example "card" near
/// sixteen digits). The search is case-insensitive, whole-word, and limited to a window on each side.
/// </summary>
public sealed class ContextWords
{
    /// <summary>Characters searched on each side of a candidate.</summary>
    public const int Window = 48;

    private readonly string[] _words;

    // Every word at once, case-insensitively, with one vectorized multi-string search (the same matches as
    // IndexOf(word, OrdinalIgnoreCase) word by word, which scanned the region once per word).
    private readonly SearchValues<string>? _any;

    /// <summary>Creates a context word set.</summary>
    public ContextWords(params string[] words)
    {
        _words = words;
        _any = words.Length == 0 ? null : SearchValues.Create(words, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>An empty set: nothing ever counts as context.</summary>
    public static ContextWords None { get; } = new();

    /// <summary>True when the set holds no words.</summary>
    public bool IsEmpty => _words.Length == 0;

    /// <summary>True when one of the words occurs within <see cref="Window"/> characters before or after the span.</summary>
    public bool Near(string text, int start, int end) => Near(text, start, end, Window);

    /// <summary>True when one of the words occurs within <paramref name="window"/> characters of the span.</summary>
    public bool Near(string text, int start, int end, int window)
    {
        if (_words.Length == 0)
            return false;
        var from = Math.Max(0, start - window);
        var to = Math.Min(text.Length, end + window);
        return Contains(text.AsSpan(from, start - from)) || Contains(text.AsSpan(end, to - end));
    }

    /// <summary>True when one of the words occurs anywhere in <paramref name="text"/> (a cheap gate for context-only detectors).</summary>
    public bool AnyIn(string text) => Contains(text);

    private bool Contains(ReadOnlySpan<char> region)
    {
        if (_any is null)
            return false;
        var offset = 0;
        while (offset < region.Length)
        {
            var at = region[offset..].IndexOfAny(_any);
            if (at < 0)
                return false;
            var s = offset + at;
            // Some word starts here; any of them (a word may be a prefix of another) standing as a whole word counts.
            if (s == 0 || !char.IsLetter(region[s - 1]))
            {
                foreach (var word in _words)
                {
                    var e = s + word.Length;
                    if (e <= region.Length && region.Slice(s, word.Length).Equals(word, StringComparison.OrdinalIgnoreCase)
                        && (e >= region.Length || !char.IsLetter(region[e])))
                        return true;
                }
            }
            offset = s + 1;
        }
        return false;
    }
}
