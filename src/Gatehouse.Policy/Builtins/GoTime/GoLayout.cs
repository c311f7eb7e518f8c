namespace Gatehouse.Policy.Builtins.GoTime;

/// <summary>The elements of a Go reference layout (<c>Mon Jan 2 15:04:05 MST 2006</c>).</summary>
internal enum LayoutElement
{
    Literal, LongMonth, Month, NumMonth, ZeroMonth, LongWeekDay, WeekDay, Day, UnderDay, ZeroDay, UnderYearDay,
    ZeroYearDay, Hour, Hour12, ZeroHour12, Minute, ZeroMinute, Second, ZeroSecond, LongYear, Year, PM, LowerPM, TZ,
    Iso8601TZ, Iso8601SecondsTZ, Iso8601ShortTZ, Iso8601ColonTZ, Iso8601ColonSecondsTZ, NumTZ, NumSecondsTz,
    NumShortTZ, NumColonTZ, NumColonSecondsTZ, FracSecond0, FracSecond9,
}

/// <summary>One piece of a layout: an element, or literal text; fractions carry their digit count and separator.</summary>
internal readonly record struct LayoutChunk(LayoutElement Element, string Text, int Digits = 0);

/// <summary>
/// Splits Go time layouts into elements, recognizing the reference values exactly as Go's <c>time</c> package does
/// (first match at each position, longest form first), and names the layout constants OPA accepts.
/// </summary>
internal static class GoLayout
{
    /// <summary>Go's RFC 3339 layout with nanoseconds, OPA's default for <c>time.format</c>.</summary>
    public const string Rfc3339Nano = "2006-01-02T15:04:05.999999999Z07:00";

    private static readonly Dictionary<string, string> Constants = new(StringComparer.Ordinal)
    {
        ["ANSIC"] = "Mon Jan _2 15:04:05 2006",
        ["UnixDate"] = "Mon Jan _2 15:04:05 MST 2006",
        ["RubyDate"] = "Mon Jan 02 15:04:05 -0700 2006",
        ["RFC822"] = "02 Jan 06 15:04 MST",
        ["RFC822Z"] = "02 Jan 06 15:04 -0700",
        ["RFC850"] = "Monday, 02-Jan-06 15:04:05 MST",
        ["RFC1123"] = "Mon, 02 Jan 2006 15:04:05 MST",
        ["RFC1123Z"] = "Mon, 02 Jan 2006 15:04:05 -0700",
        ["RFC3339"] = "2006-01-02T15:04:05Z07:00",
        ["RFC3339Nano"] = Rfc3339Nano,
        ["Kitchen"] = "3:04PM",
        ["Stamp"] = "Jan _2 15:04:05",
        ["StampMilli"] = "Jan _2 15:04:05.000",
        ["StampMicro"] = "Jan _2 15:04:05.000000",
        ["StampNano"] = "Jan _2 15:04:05.000000000",
        ["DateTime"] = "2006-01-02 15:04:05",
        ["DateOnly"] = "2006-01-02",
        ["TimeOnly"] = "15:04:05",
    };

    /// <summary>The layout a constant name stands for (<c>RFC822Z</c>), or the text itself.</summary>
    public static string Resolve(string layout) => Constants.GetValueOrDefault(layout, layout);

    /// <summary>Splits a layout into its chunks.</summary>
    public static List<LayoutChunk> Split(string layout)
    {
        var chunks = new List<LayoutChunk>();
        var literalStart = 0;
        var i = 0;
        while (i < layout.Length)
        {
            var (element, length, digits) = Match(layout, i);
            if (length == 0)
            {
                i++;
                continue;
            }
            if (i > literalStart) chunks.Add(new LayoutChunk(LayoutElement.Literal, layout[literalStart..i]));
            chunks.Add(new LayoutChunk(element, layout.Substring(i, length), digits));
            i += length;
            literalStart = i;
        }
        if (literalStart < layout.Length) chunks.Add(new LayoutChunk(LayoutElement.Literal, layout[literalStart..]));
        return chunks;
    }

    private static (LayoutElement Element, int Length, int Digits) Match(string s, int i)
    {
        bool At(string text) => string.CompareOrdinal(s, i, text, 0, text.Length) == 0;
        switch (s[i])
        {
            case 'J':
                if (At("January")) return (LayoutElement.LongMonth, 7, 0);
                if (At("Jan")) return (LayoutElement.Month, 3, 0);
                break;
            case 'M':
                if (At("Monday")) return (LayoutElement.LongWeekDay, 6, 0);
                if (At("Mon")) return (LayoutElement.WeekDay, 3, 0);
                if (At("MST")) return (LayoutElement.TZ, 3, 0);
                break;
            case '0':
                if (At("002")) return (LayoutElement.ZeroYearDay, 3, 0);
                if (i + 1 < s.Length && s[i + 1] is >= '1' and <= '6')
                    return (s[i + 1] switch
                    {
                        '1' => LayoutElement.ZeroMonth, '2' => LayoutElement.ZeroDay, '3' => LayoutElement.ZeroHour12,
                        '4' => LayoutElement.ZeroMinute, '5' => LayoutElement.ZeroSecond, _ => LayoutElement.Year,
                    }, 2, 0);
                break;
            case '1':
                return At("15") ? (LayoutElement.Hour, 2, 0) : (LayoutElement.NumMonth, 1, 0);
            case '2':
                return At("2006") ? (LayoutElement.LongYear, 4, 0) : (LayoutElement.Day, 1, 0);
            case '_':
                if (At("_2006")) return (LayoutElement.Literal, 0, 0); // a literal underscore, then the year
                if (At("__2")) return (LayoutElement.UnderYearDay, 3, 0);
                if (At("_2")) return (LayoutElement.UnderDay, 2, 0);
                break;
            case '3': return (LayoutElement.Hour12, 1, 0);
            case '4': return (LayoutElement.Minute, 1, 0);
            case '5': return (LayoutElement.Second, 1, 0);
            case 'P':
                if (At("PM")) return (LayoutElement.PM, 2, 0);
                break;
            case 'p':
                if (At("pm")) return (LayoutElement.LowerPM, 2, 0);
                break;
            case '-':
                if (At("-07:00:00")) return (LayoutElement.NumColonSecondsTZ, 9, 0);
                if (At("-070000")) return (LayoutElement.NumSecondsTz, 7, 0);
                if (At("-07:00")) return (LayoutElement.NumColonTZ, 6, 0);
                if (At("-0700")) return (LayoutElement.NumTZ, 5, 0);
                if (At("-07")) return (LayoutElement.NumShortTZ, 3, 0);
                break;
            case 'Z':
                if (At("Z07:00:00")) return (LayoutElement.Iso8601ColonSecondsTZ, 9, 0);
                if (At("Z070000")) return (LayoutElement.Iso8601SecondsTZ, 7, 0);
                if (At("Z07:00")) return (LayoutElement.Iso8601ColonTZ, 6, 0);
                if (At("Z0700")) return (LayoutElement.Iso8601TZ, 5, 0);
                if (At("Z07")) return (LayoutElement.Iso8601ShortTZ, 3, 0);
                break;
            case '.' or ',':
                if (i + 1 < s.Length && s[i + 1] is '0' or '9')
                {
                    var digit = s[i + 1];
                    var j = i + 1;
                    while (j < s.Length && s[j] == digit) j++;
                    if (j >= s.Length || !char.IsAsciiDigit(s[j]))
                        return (digit == '0' ? LayoutElement.FracSecond0 : LayoutElement.FracSecond9, j - i, j - i - 1);
                }
                break;
        }
        return (LayoutElement.Literal, 0, 0);
    }

    /// <summary>English month names, January first.</summary>
    public static readonly string[] LongMonthNames =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    /// <summary>English weekday names, Sunday first.</summary>
    public static readonly string[] LongDayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
}
