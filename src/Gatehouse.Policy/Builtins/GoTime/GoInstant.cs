using System.Globalization;
using System.Text;

namespace Gatehouse.Policy.Builtins.GoTime;

/// <summary>
/// An instant (nanoseconds since the Unix epoch, as exact integers) seen in a zone: the wall-clock fields Go's
/// <c>time.Time</c> reports (<c>Date</c>, <c>Clock</c>, <c>Weekday</c>), and formatting with Go layouts.
/// </summary>
internal readonly struct GoInstant
{
    /// <summary>Breaks <paramref name="unixNanos"/> down in <paramref name="zone"/>.</summary>
    public GoInstant(Int128 unixNanos, GoZone zone)
    {
        UnixNanos = unixNanos;
        Zone = zone;
        var seconds = CivilCalendar.FloorDiv(unixNanos, CivilCalendar.NanosPerSecond);
        Nanosecond = (int)(unixNanos - seconds * CivilCalendar.NanosPerSecond);
        Offset = zone.OffsetAt(seconds);
        var local = seconds + Offset;
        var days = (long)CivilCalendar.FloorDiv(local, CivilCalendar.SecondsPerDay);
        var secondOfDay = (int)(local - (Int128)days * CivilCalendar.SecondsPerDay);
        (Year, Month, Day) = CivilCalendar.CivilFromDays(days);
        Hour = secondOfDay / 3600;
        Minute = secondOfDay / 60 % 60;
        Second = secondOfDay % 60;
        Weekday = (int)(((days + 4) % 7 + 7) % 7); // 1970-01-01 was a Thursday
        YearDay = (int)(days - CivilCalendar.DaysFromCivil(Year, 1, 1)) + 1;
    }

    /// <summary>The instant.</summary>
    public Int128 UnixNanos { get; }
    /// <summary>The zone it is seen in.</summary>
    public GoZone Zone { get; }
    /// <summary>The zone's offset east of UTC at this instant, in seconds.</summary>
    public int Offset { get; }
    /// <summary>The year.</summary>
    public long Year { get; }
    /// <summary>The month, 1 to 12.</summary>
    public int Month { get; }
    /// <summary>The day of the month.</summary>
    public int Day { get; }
    /// <summary>The hour, 0 to 23.</summary>
    public int Hour { get; }
    /// <summary>The minute.</summary>
    public int Minute { get; }
    /// <summary>The second.</summary>
    public int Second { get; }
    /// <summary>The nanosecond within the second.</summary>
    public int Nanosecond { get; }
    /// <summary>The weekday, 0 = Sunday.</summary>
    public int Weekday { get; }
    /// <summary>The day of the year, 1-based.</summary>
    public int YearDay { get; }

    /// <summary>Formats the instant with a Go layout, as Go's <c>Time.Format</c> does.</summary>
    public string Format(string layout)
    {
        var builder = new StringBuilder();
        foreach (var chunk in GoLayout.Split(layout)) Append(builder, chunk);
        return builder.ToString();
    }

    private void Append(StringBuilder b, LayoutChunk chunk)
    {
        var culture = CultureInfo.InvariantCulture;
        switch (chunk.Element)
        {
            case LayoutElement.Literal: b.Append(chunk.Text); break;
            case LayoutElement.Year: b.Append((Math.Abs(Year) % 100).ToString("00", culture)); break;
            case LayoutElement.LongYear: AppendPadded(b, Year, 4); break;
            case LayoutElement.Month: b.Append(GoLayout.LongMonthNames[Month - 1], 0, 3); break;
            case LayoutElement.LongMonth: b.Append(GoLayout.LongMonthNames[Month - 1]); break;
            case LayoutElement.NumMonth: b.Append(Month); break;
            case LayoutElement.ZeroMonth: AppendPadded(b, Month, 2); break;
            case LayoutElement.WeekDay: b.Append(GoLayout.LongDayNames[Weekday], 0, 3); break;
            case LayoutElement.LongWeekDay: b.Append(GoLayout.LongDayNames[Weekday]); break;
            case LayoutElement.Day: b.Append(Day); break;
            case LayoutElement.UnderDay: b.Append(Day < 10 ? " " : "").Append(Day); break;
            case LayoutElement.ZeroDay: AppendPadded(b, Day, 2); break;
            case LayoutElement.UnderYearDay: b.Append(YearDay.ToString(culture).PadLeft(3)); break;
            case LayoutElement.ZeroYearDay: AppendPadded(b, YearDay, 3); break;
            case LayoutElement.Hour: AppendPadded(b, Hour, 2); break;
            case LayoutElement.Hour12: b.Append(Hour % 12 == 0 ? 12 : Hour % 12); break;
            case LayoutElement.ZeroHour12: AppendPadded(b, Hour % 12 == 0 ? 12 : Hour % 12, 2); break;
            case LayoutElement.Minute: b.Append(Minute); break;
            case LayoutElement.ZeroMinute: AppendPadded(b, Minute, 2); break;
            case LayoutElement.Second: b.Append(Second); break;
            case LayoutElement.ZeroSecond: AppendPadded(b, Second, 2); break;
            case LayoutElement.PM: b.Append(Hour >= 12 ? "PM" : "AM"); break;
            case LayoutElement.LowerPM: b.Append(Hour >= 12 ? "pm" : "am"); break;
            case LayoutElement.FracSecond0:
                b.Append(chunk.Text[0]).Append(Nanosecond.ToString("000000000", culture), 0, chunk.Digits);
                break;
            case LayoutElement.FracSecond9:
                var digits = Nanosecond.ToString("000000000", culture)[..chunk.Digits].TrimEnd('0');
                if (digits.Length > 0) b.Append(chunk.Text[0]).Append(digits);
                break;
            case LayoutElement.TZ:
                var name = Zone.AbbreviationAt(CivilCalendar.FloorDiv(UnixNanos, CivilCalendar.NanosPerSecond));
                if (name.Length > 0) b.Append(name);
                else AppendOffset(b, hours: true, minutes: true, seconds: false, colon: false);
                break;
            default: AppendZoneElement(b, chunk.Element); break;
        }
    }

    private void AppendZoneElement(StringBuilder b, LayoutElement element)
    {
        var iso = element is LayoutElement.Iso8601TZ or LayoutElement.Iso8601SecondsTZ or LayoutElement.Iso8601ShortTZ
            or LayoutElement.Iso8601ColonTZ or LayoutElement.Iso8601ColonSecondsTZ;
        if (iso && Offset == 0)
        {
            b.Append('Z');
            return;
        }
        var colon = element is LayoutElement.Iso8601ColonTZ or LayoutElement.Iso8601ColonSecondsTZ
            or LayoutElement.NumColonTZ or LayoutElement.NumColonSecondsTZ;
        var shortForm = element is LayoutElement.Iso8601ShortTZ or LayoutElement.NumShortTZ;
        var seconds = element is LayoutElement.Iso8601SecondsTZ or LayoutElement.Iso8601ColonSecondsTZ
            or LayoutElement.NumSecondsTz or LayoutElement.NumColonSecondsTZ;
        AppendOffset(b, hours: true, minutes: !shortForm, seconds, colon);
    }

    private void AppendOffset(StringBuilder b, bool hours, bool minutes, bool seconds, bool colon)
    {
        var offset = Math.Abs(Offset);
        b.Append(Offset < 0 ? '-' : '+');
        if (hours) AppendPadded(b, offset / 3600, 2);
        if (minutes)
        {
            if (colon) b.Append(':');
            AppendPadded(b, offset / 60 % 60, 2);
        }
        if (seconds)
        {
            if (colon) b.Append(':');
            AppendPadded(b, offset % 60, 2);
        }
    }

    private static void AppendPadded(StringBuilder b, long value, int width)
    {
        if (value < 0) b.Append('-');
        b.Append(Math.Abs(value).ToString(CultureInfo.InvariantCulture).PadLeft(width, '0'));
    }
}
