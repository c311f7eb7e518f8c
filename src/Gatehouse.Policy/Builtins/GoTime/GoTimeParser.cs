namespace Gatehouse.Policy.Builtins.GoTime;

/// <summary>A timestamp that does not match its layout; the message reads like Go's <c>time.ParseError</c>.</summary>
internal sealed class GoTimeParseException(string message) : Exception(message);

/// <summary>
/// Parses timestamps with Go reference layouts, following Go's <c>time.Parse</c>: literal text must match (runs of
/// spaces match runs of spaces), numbers take the widths Go allows, a fraction after the seconds is accepted even when
/// the layout has none, a missing zone means UTC, and fields are range-checked (<c>day out of range</c>).
/// </summary>
internal static class GoTimeParser
{
    /// <summary>Nanoseconds since the epoch of <paramref name="value"/> read with <paramref name="layout"/>.</summary>
    public static Int128 Parse(string layout, string value)
    {
        var state = new State(layout, value);
        var chunks = GoLayout.Split(layout);
        var rest = value.AsSpan();
        for (var index = 0; index < chunks.Count; index++)
        {
            var chunk = chunks[index];
            var before = rest;
            if (chunk.Element == LayoutElement.Literal)
            {
                if (!SkipLiteral(ref rest, chunk.Text)) throw state.CannotParse(before, chunk.Text);
                continue;
            }
            var nextIsFraction = index + 1 < chunks.Count &&
                chunks[index + 1].Element is LayoutElement.FracSecond0 or LayoutElement.FracSecond9;
            if (!state.Read(chunk, ref rest, nextIsFraction, out var rangeError))
                throw rangeError is null ? state.CannotParse(before, chunk.Text) : state.OutOfRange(rangeError);
        }
        if (!rest.IsEmpty) throw new GoTimeParseException($"parsing time {Quote(value)}: extra text: {Quote(rest.ToString())}");
        return state.ToUnixNanos();
    }

    private static bool SkipLiteral(ref ReadOnlySpan<char> value, string literal)
    {
        var prefix = literal.AsSpan();
        while (!prefix.IsEmpty)
        {
            if (prefix[0] == ' ')
            {
                if (!value.IsEmpty && value[0] != ' ') return false;
                prefix = prefix.TrimStart(' ');
                value = value.TrimStart(' ');
                continue;
            }
            if (value.IsEmpty || value[0] != prefix[0]) return false;
            prefix = prefix[1..];
            value = value[1..];
        }
        return true;
    }

    /// <summary>Quotes like Go's <c>strconv.Quote</c> for the common cases.</summary>
    internal static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private sealed class State(string layout, string value)
    {
        private long _year;
        private int _month = 1, _day = 1, _hour, _minute, _second, _nanosecond, _yearDay = -1;
        private bool _pm, _am;
        private int? _offset;

        public GoTimeParseException CannotParse(ReadOnlySpan<char> rest, string element) => new(
            $"parsing time {Quote(value)} as {Quote(layout)}: cannot parse {Quote(rest.ToString())} as {Quote(element)}");

        public GoTimeParseException OutOfRange(string what) => new($"parsing time {Quote(value)}: {what} out of range");

        public bool Read(LayoutChunk chunk, ref ReadOnlySpan<char> rest, bool nextIsFraction, out string? rangeError)
        {
            rangeError = null;
            switch (chunk.Element)
            {
                case LayoutElement.Year:
                    if (!Fixed(ref rest, 2, out var y2)) return false;
                    _year = y2 + (y2 >= 69 ? 1900 : 2000);
                    return true;
                case LayoutElement.LongYear:
                    if (!Fixed(ref rest, 4, out var y4)) return false;
                    _year = y4;
                    return true;
                case LayoutElement.Month or LayoutElement.LongMonth:
                    var month = Lookup(ref rest, GoLayout.LongMonthNames, chunk.Element == LayoutElement.Month);
                    if (month < 0) return false;
                    _month = month + 1;
                    return true;
                case LayoutElement.WeekDay or LayoutElement.LongWeekDay:
                    return Lookup(ref rest, GoLayout.LongDayNames, chunk.Element == LayoutElement.WeekDay) >= 0;
                case LayoutElement.NumMonth or LayoutElement.ZeroMonth:
                    if (!Number(ref rest, chunk.Element == LayoutElement.ZeroMonth, out _month)) return false;
                    if (_month is < 1 or > 12) rangeError = "month";
                    return rangeError is null;
                case LayoutElement.Day or LayoutElement.UnderDay or LayoutElement.ZeroDay:
                    if (chunk.Element == LayoutElement.UnderDay && !rest.IsEmpty && rest[0] == ' ') rest = rest[1..];
                    if (!Number(ref rest, chunk.Element == LayoutElement.ZeroDay, out _day)) return false;
                    return true; // checked against the month at the end, as Go does
                case LayoutElement.UnderYearDay or LayoutElement.ZeroYearDay:
                    if (chunk.Element == LayoutElement.UnderYearDay) rest = rest.TrimStart(' ');
                    if (!Fixed(ref rest, 3, out var yearDay) && !Number(ref rest, false, out yearDay)) return false;
                    _yearDay = yearDay;
                    if (yearDay is < 1 or > 366) rangeError = "day-of-year";
                    return rangeError is null;
                case LayoutElement.Hour:
                    if (!Number(ref rest, false, out _hour)) return false;
                    if (_hour is < 0 or > 23) rangeError = "hour";
                    return rangeError is null;
                case LayoutElement.Hour12 or LayoutElement.ZeroHour12:
                    if (!Number(ref rest, chunk.Element == LayoutElement.ZeroHour12, out _hour)) return false;
                    if (_hour is < 0 or > 12) rangeError = "hour";
                    return rangeError is null;
                case LayoutElement.Minute or LayoutElement.ZeroMinute:
                    if (!Number(ref rest, chunk.Element == LayoutElement.ZeroMinute, out _minute)) return false;
                    if (_minute is < 0 or > 59) rangeError = "minute";
                    return rangeError is null;
                case LayoutElement.Second or LayoutElement.ZeroSecond:
                    if (!Number(ref rest, chunk.Element == LayoutElement.ZeroSecond, out _second)) return false;
                    if (_second is < 0 or > 59) rangeError = "second";
                    // Go accepts a fraction right after the seconds even when the layout does not ask for one.
                    if (!nextIsFraction && rest.Length >= 2 && rest[0] is '.' or ',' && char.IsAsciiDigit(rest[1]))
                    {
                        var n = 1;
                        while (n < rest.Length && char.IsAsciiDigit(rest[n])) n++;
                        _nanosecond = Fraction(rest[1..n]);
                        rest = rest[n..];
                    }
                    return rangeError is null;
                case LayoutElement.PM or LayoutElement.LowerPM:
                    if (rest.Length < 2) return false;
                    var marker = rest[..2].ToString();
                    var upper = chunk.Element == LayoutElement.PM;
                    if (marker == (upper ? "PM" : "pm")) _pm = true;
                    else if (marker == (upper ? "AM" : "am")) _am = true;
                    else return false;
                    rest = rest[2..];
                    return true;
                case LayoutElement.FracSecond0:
                    var width = chunk.Digits + 1;
                    if (rest.Length < width || rest[0] is not ('.' or ',')) return false;
                    for (var i = 1; i < width; i++) if (!char.IsAsciiDigit(rest[i])) return false;
                    _nanosecond = Fraction(rest[1..width]);
                    rest = rest[width..];
                    return true;
                case LayoutElement.FracSecond9:
                    if (rest.Length < 2 || rest[0] is not ('.' or ',') || !char.IsAsciiDigit(rest[1])) return true;
                    var end = 1;
                    while (end < 10 && end < rest.Length && char.IsAsciiDigit(rest[end])) end++;
                    _nanosecond = Fraction(rest[1..end]);
                    rest = rest[end..];
                    return true;
                case LayoutElement.TZ:
                    return ZoneName(ref rest);
                default:
                    return ZoneOffset(chunk.Element, ref rest);
            }
        }

        private bool ZoneName(ref ReadOnlySpan<char> rest)
        {
            if (rest.StartsWith("UTC"))
            {
                _offset = 0;
                rest = rest[3..];
                return true;
            }
            var n = 0;
            while (n < rest.Length && char.IsAsciiLetterUpper(rest[n])) n++;
            if (n < 3) return false;
            // Go trusts abbreviations only when they name the local zone; otherwise the offset is taken as zero.
            _offset = 0;
            rest = rest[n..];
            return true;
        }

        private bool ZoneOffset(LayoutElement element, ref ReadOnlySpan<char> rest)
        {
            var iso = element is LayoutElement.Iso8601TZ or LayoutElement.Iso8601SecondsTZ or LayoutElement.Iso8601ShortTZ
                or LayoutElement.Iso8601ColonTZ or LayoutElement.Iso8601ColonSecondsTZ;
            if (iso && !rest.IsEmpty && rest[0] == 'Z')
            {
                _offset = 0;
                rest = rest[1..];
                return true;
            }
            var colon = element is LayoutElement.Iso8601ColonTZ or LayoutElement.Iso8601ColonSecondsTZ
                or LayoutElement.NumColonTZ or LayoutElement.NumColonSecondsTZ;
            var hoursOnly = element is LayoutElement.Iso8601ShortTZ or LayoutElement.NumShortTZ;
            var withSeconds = element is LayoutElement.Iso8601SecondsTZ or LayoutElement.Iso8601ColonSecondsTZ
                or LayoutElement.NumSecondsTz or LayoutElement.NumColonSecondsTZ;
            if (rest.IsEmpty || rest[0] is not ('+' or '-')) return false;
            var sign = rest[0] == '-' ? -1 : 1;
            var cursor = rest[1..];
            if (!Fixed(ref cursor, 2, out var hours)) return false;
            int minutes = 0, seconds = 0;
            if (!hoursOnly)
            {
                if (colon && (cursor.IsEmpty || cursor[0] != ':')) return false;
                if (colon) cursor = cursor[1..];
                if (!Fixed(ref cursor, 2, out minutes)) return false;
            }
            if (withSeconds)
            {
                if (colon && (cursor.IsEmpty || cursor[0] != ':')) return false;
                if (colon) cursor = cursor[1..];
                if (!Fixed(ref cursor, 2, out seconds)) return false;
            }
            if (hours > 24 || minutes > 60 || seconds > 60) return false;
            _offset = sign * (hours * 3600 + minutes * 60 + seconds);
            rest = cursor;
            return true;
        }

        public Int128 ToUnixNanos()
        {
            if (_pm && _hour < 12) _hour += 12;
            else if (_am && _hour == 12) _hour = 0;
            if (_yearDay >= 0)
            {
                var date = CivilCalendar.CivilFromDays(CivilCalendar.DaysFromCivil(_year, 1, 1) + _yearDay - 1);
                if (date.Year != _year) throw OutOfRange("day-of-year");
                (_month, _day) = (date.Month, date.Day);
            }
            if (_day < 1 || _day > CivilCalendar.DaysIn(_month, _year)) throw OutOfRange("day");
            var local = CivilCalendar.NormalizedSeconds(_year, _month, _day, _hour, _minute, _second);
            var utc = local - (_offset ?? 0);
            return utc * CivilCalendar.NanosPerSecond + _nanosecond;
        }

        private static int Fraction(ReadOnlySpan<char> digits)
        {
            var nanos = 0;
            for (var i = 0; i < 9; i++) nanos = nanos * 10 + (i < digits.Length ? digits[i] - '0' : 0);
            return nanos;
        }

        private static bool Fixed(ref ReadOnlySpan<char> rest, int width, out int number)
        {
            number = 0;
            if (rest.Length < width) return false;
            for (var i = 0; i < width; i++)
            {
                if (!char.IsAsciiDigit(rest[i])) return false;
                number = number * 10 + (rest[i] - '0');
            }
            rest = rest[width..];
            return true;
        }

        /// <summary>Go's <c>getnum</c>: one or two digits, exactly two when <paramref name="fixedWidth"/>.</summary>
        private static bool Number(ref ReadOnlySpan<char> rest, bool fixedWidth, out int number)
        {
            number = 0;
            if (rest.IsEmpty || !char.IsAsciiDigit(rest[0])) return false;
            if (rest.Length < 2 || !char.IsAsciiDigit(rest[1]))
            {
                if (fixedWidth) return false;
                number = rest[0] - '0';
                rest = rest[1..];
                return true;
            }
            number = (rest[0] - '0') * 10 + (rest[1] - '0');
            rest = rest[2..];
            return true;
        }

        private static int Lookup(ref ReadOnlySpan<char> rest, string[] names, bool abbreviated)
        {
            for (var i = 0; i < names.Length; i++)
            {
                var name = abbreviated ? names[i][..3] : names[i];
                if (rest.Length >= name.Length && rest[..name.Length].Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    rest = rest[name.Length..];
                    return i;
                }
            }
            return -1;
        }
    }
}
