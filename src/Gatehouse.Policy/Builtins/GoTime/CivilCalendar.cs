namespace Gatehouse.Policy.Builtins.GoTime;

/// <summary>
/// Proleptic Gregorian calendar arithmetic on plain integers, so dates far outside <see cref="DateTime"/>'s range
/// (which Go's time package accepts) still compute exactly. Days count from 1970-01-01.
/// </summary>
internal static class CivilCalendar
{
    /// <summary>Nanoseconds per second.</summary>
    public const long NanosPerSecond = 1_000_000_000;

    /// <summary>Seconds per day.</summary>
    public const long SecondsPerDay = 86_400;

    /// <summary>Days since 1970-01-01 of a date; month and day must already be in range.</summary>
    public static long DaysFromCivil(long year, int month, int day)
    {
        year -= month <= 2 ? 1 : 0;
        var era = FloorDiv(year, 400);
        var yearOfEra = year - era * 400;
        var dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        var dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    /// <summary>The date of a day counted from 1970-01-01.</summary>
    public static (long Year, int Month, int Day) CivilFromDays(long days)
    {
        days += 719_468;
        var era = FloorDiv(days, 146_097);
        var dayOfEra = days - era * 146_097;
        var yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        var dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        var mp = (5 * dayOfYear + 2) / 153;
        var day = (int)(dayOfYear - (153 * mp + 2) / 5 + 1);
        var month = (int)(mp < 10 ? mp + 3 : mp - 9);
        var year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        return (year, month, day);
    }

    /// <summary>Whether <paramref name="year"/> is a leap year.</summary>
    public static bool IsLeap(long year) => year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);

    /// <summary>The number of days in a month.</summary>
    public static int DaysIn(int month, long year) => month switch
    {
        2 => IsLeap(year) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    /// <summary>
    /// Seconds since the epoch of a wall-clock reading, normalizing out-of-range fields the way Go's
    /// <c>time.Date</c> does (month 13 is January of the next year, day 32 rolls into the next month, and so on).
    /// </summary>
    public static Int128 NormalizedSeconds(long year, long month, long day, long hour, long minute, long second)
    {
        var monthIndex = month - 1;
        year += FloorDiv(monthIndex, 12);
        monthIndex -= FloorDiv(monthIndex, 12) * 12;
        var days = (Int128)DaysFromCivil(year, (int)monthIndex + 1, 1) + day - 1;
        return days * SecondsPerDay + (Int128)hour * 3600 + (Int128)minute * 60 + second;
    }

    /// <summary>Floor division (rounds toward negative infinity).</summary>
    public static long FloorDiv(long a, long b) => a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);

    /// <summary>Floor division (rounds toward negative infinity).</summary>
    public static Int128 FloorDiv(Int128 a, Int128 b) => a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}
