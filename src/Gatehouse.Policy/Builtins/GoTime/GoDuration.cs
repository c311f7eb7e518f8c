using System.Numerics;

namespace Gatehouse.Policy.Builtins.GoTime;

/// <summary>
/// Go's duration syntax (<c>time.ParseDuration</c>): an optional sign, then one or more decimal numbers each with a
/// unit (<c>ns us µs ms s m h</c>), like <c>1h30m</c>, <c>-1.5h</c>, <c>300ms</c>; <c>0</c> alone is allowed. Results are
/// exact nanoseconds within Go's int64 range; error messages match Go's.
/// </summary>
internal static class GoDuration
{
    private static readonly (string Unit, long Nanos)[] Units =
    [
        ("ns", 1), ("us", 1_000), ("\u00b5s", 1_000), ("\u03bcs", 1_000), ("ms", 1_000_000),
        ("s", 1_000_000_000), ("m", 60_000_000_000), ("h", 3_600_000_000_000),
    ];

    /// <summary>Parses a duration to nanoseconds; throws <see cref="FormatException"/> with Go's message.</summary>
    public static long Parse(string text)
    {
        var quoted = GoTimeParser.Quote(text);
        var s = text.AsSpan();
        var negative = false;
        if (!s.IsEmpty && s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s.SequenceEqual("0")) return 0;
        if (s.IsEmpty) throw new FormatException("time: invalid duration " + quoted);
        BigInteger total = 0;
        while (!s.IsEmpty)
        {
            if (!(s[0] == '.' || char.IsAsciiDigit(s[0]))) throw new FormatException("time: invalid duration " + quoted);
            var whole = 0;
            while (whole < s.Length && char.IsAsciiDigit(s[whole])) whole++;
            var integer = whole == 0 ? BigInteger.Zero : BigInteger.Parse(s[..whole]);
            s = s[whole..];
            var fraction = ReadOnlySpan<char>.Empty;
            if (!s.IsEmpty && s[0] == '.')
            {
                var digits = 1;
                while (digits < s.Length && char.IsAsciiDigit(s[digits])) digits++;
                fraction = s[1..digits];
                s = s[digits..];
            }
            if (whole == 0 && fraction.IsEmpty) throw new FormatException("time: invalid duration " + quoted);
            var unitLength = 0;
            while (unitLength < s.Length && s[unitLength] != '.' && !char.IsAsciiDigit(s[unitLength])) unitLength++;
            if (unitLength == 0) throw new FormatException("time: missing unit in duration " + quoted);
            var unit = s[..unitLength].ToString();
            s = s[unitLength..];
            var scale = Array.Find(Units, u => u.Unit == unit).Nanos;
            if (scale == 0) throw new FormatException($"time: unknown unit {GoTimeParser.Quote(unit)} in duration {quoted}");
            total += integer * scale;
            if (!fraction.IsEmpty)
                total += BigInteger.Parse(fraction) * scale / BigInteger.Pow(10, fraction.Length); // Go truncates
            if (total > (BigInteger)long.MaxValue + 1) throw new FormatException("time: invalid duration " + quoted);
        }
        if (negative) total = -total;
        if (total > long.MaxValue || total < long.MinValue) throw new FormatException("time: invalid duration " + quoted);
        return (long)total;
    }
}
