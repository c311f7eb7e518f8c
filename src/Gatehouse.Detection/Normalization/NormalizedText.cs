namespace Gatehouse.Detection.Normalization;

/// <summary>
/// Text prepared for matching together with the map back to the original string. When the original was plain
/// ASCII the normalized text is the original itself and no map exists (the fast path allocates nothing).
/// </summary>
public readonly struct NormalizedText
{
    private readonly int[]? _originStart;
    private readonly int[]? _originEnd;

    internal NormalizedText(string original, string text, int[]? originStart, int[]? originEnd)
    {
        Original = original;
        Text = text;
        _originStart = originStart;
        _originEnd = originEnd;
    }

    /// <summary>The text the caller passed in.</summary>
    public string Original { get; }

    /// <summary>The text detectors match against.</summary>
    public string Text { get; }

    /// <summary>True when <see cref="Text"/> is the original string (no character was changed).</summary>
    public bool IsIdentity => _originStart is null;

    /// <summary>Maps a span of <see cref="Text"/> (end exclusive) to the span of the original text it came from.</summary>
    public (int Start, int End) ToOriginal(int start, int end)
    {
        if (_originStart is null || _originEnd is null)
            return (start, end);
        if (end <= start)
            return start < _originStart.Length ? (_originStart[start], _originStart[start]) : (Original.Length, Original.Length);
        return (_originStart[start], _originEnd[end - 1]);
    }
}
