using System.Globalization;
using System.Text;

namespace Gatehouse.Detection.Normalization;

/// <summary>
/// Folds the tricks people use to slip values past a scanner: zero-width and bidi controls are removed,
/// compatibility forms (full-width letters and digits, ligatures, exotic spaces and dashes) are folded the way
/// NFKC folds them, every Unicode decimal digit becomes its ASCII digit, and common Cyrillic/Greek look-alikes
/// become their Latin twins. Every output character remembers the original span it came from.
/// </summary>
/// <remarks>
/// The host runs with <c>InvariantGlobalization</c>, where <see cref="string.Normalize()"/> is not available, so the
/// compatibility folding is done from a table here. The table covers the forms that matter for detection.
/// </remarks>
public static class TextNormalizer
{
    /// <summary>Normalizes <paramref name="text"/>. Plain ASCII text is returned as is, with no allocation.</summary>
    public static NormalizedText Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Ascii.IsValid(text))
            return new NormalizedText(text, text, null, null);
        return NormalizeSlow(text);
    }

    private static NormalizedText NormalizeSlow(string text)
    {
        var builder = new StringBuilder(text.Length);
        var starts = new List<int>(text.Length);
        var ends = new List<int>(text.Length);
        for (var i = 0; i < text.Length;)
        {
            var width = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            var folded = Fold(text, i, width);
            foreach (var c in folded)
            {
                builder.Append(c);
                starts.Add(i);
                ends.Add(i + width);
            }
            i += width;
        }
        return new NormalizedText(text, builder.ToString(), starts.ToArray(), ends.ToArray());
    }

    /// <summary>Folds one code point (one char, or a surrogate pair when <paramref name="width"/> is 2).</summary>
    private static ReadOnlySpan<char> Fold(string text, int index, int width)
    {
        if (width == 2)
        {
            var codePoint = char.ConvertToUtf32(text[index], text[index + 1]);
            var digit = CharUnicodeInfo.GetDecimalDigitValue(text, index);
            if (digit >= 0)
                return DigitString(digit);
            if (codePoint is >= 0xE0000 and <= 0xE007F) // tag characters: invisible
                return [];
            return text.AsSpan(index, 2);
        }
        var c = text[index];
        if (c < 0x80)
            return text.AsSpan(index, 1);
        if (IsInvisible(c))
            return [];
        var decimalDigit = CharUnicodeInfo.GetDecimalDigitValue(c);
        if (decimalDigit >= 0)
            return DigitString(decimalDigit);
        if (c is >= '\uFF01' and <= '\uFF5E') // full-width ASCII
            return SingleChar((char)(c - 0xFF01 + 0x21));
        if (c is '\u00A0' or '\u1680' or '\u3000' or '\u202F' or '\u205F' or (>= '\u2000' and <= '\u200A'))
            return " ";
        if (c is (>= '\u2010' and <= '\u2015') or '\u2212' or '\uFE63' or '\uFE58')
            return "-";
        if (c is '\u2024' or '\uFE52' or '\u3002' or '\uFF61')
            return ".";
        if (c is '\uFE6B')
            return "@";
        var mapped = Confusables.Fold(c);
        if (mapped is not null)
            return mapped;
        var digitValue = CharUnicodeInfo.GetDigitValue(c); // superscripts, circled digits
        if (digitValue is >= 0 and <= 9)
            return DigitString(digitValue);
        return text.AsSpan(index, 1);
    }

    private static bool IsInvisible(char c) =>
        c is '\u00AD' or '\u034F' or '\u061C' or '\u180E' or '\uFEFF'
            or (>= '\u200B' and <= '\u200F') or (>= '\u202A' and <= '\u202E')
            or (>= '\u2060' and <= '\u2064') or (>= '\u2066' and <= '\u206F')
            || (c is >= '\uFE00' and <= '\uFE0F'); // variation selectors

    private const string Digits = "0123456789";
    private static ReadOnlySpan<char> DigitString(int digit) => Digits.AsSpan(digit, 1);

    private static readonly string[] Ascii1 = Enumerable.Range(0, 128).Select(i => ((char)i).ToString()).ToArray();
    private static string SingleChar(char c) => Ascii1[c];
}
