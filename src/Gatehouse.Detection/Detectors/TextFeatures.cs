using System.Buffers;

namespace Gatehouse.Detection.Detectors;

/// <summary>
/// A few character counts gathered in one vectorized pass, so detectors whose trigger characters are absent are
/// skipped without running a regex (the prefilter that lets clean text through quickly).
/// </summary>
public readonly record struct TextFeatures(bool HasDigit, bool HasAt, bool HasUpper, bool HasColon, bool HasEquals, bool HasDash, bool HasNonAscii)
{
    private static readonly SearchValues<char> DigitChars = SearchValues.Create("0123456789");
    private static readonly SearchValues<char> UpperChars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ");

    /// <summary>Computes the features of <paramref name="text"/>.</summary>
    public static TextFeatures Of(ReadOnlySpan<char> text) => new(
        text.ContainsAny(DigitChars),
        text.Contains('@'),
        text.ContainsAny(UpperChars),
        text.Contains(':'),
        text.Contains('='),
        text.Contains('-'),
        !System.Text.Ascii.IsValid(text));
}
