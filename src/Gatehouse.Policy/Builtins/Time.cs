using Gatehouse.Policy.Builtins.GoTime;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Builtins;

/// <summary>
/// The <c>time.*</c> builtins with Go's semantics, as OPA has them: instants are integer nanoseconds since the Unix
/// epoch and must fit Go's int64; layouts are Go reference layouts (or their constant names such as <c>RFC822Z</c>);
/// durations use Go's syntax; zones are IANA names, <c>UTC</c>/<c>""</c>, or <c>Local</c>.
/// </summary>
public static class Time
{
    private static readonly Int128 MinNanos = long.MinValue;
    private static readonly Int128 MaxNanos = long.MaxValue;

    /// <summary>Registers the family.</summary>
    public static void Register(BuiltinRegistry registry)
    {
        var s = RegoType.String;
        var n = RegoType.Number;
        var stamp = RegoType.AnyOf(n, RegoType.ArrayOf(RegoType.AnyOf(n, s)));
        registry.Register("time.now_ns", BuiltinSignature.Of(n), (_, context) =>
            NumberValue.Of((context.Now.UtcTicks - DateTime.UnixEpoch.Ticks) * 100), nondeterministic: true);
        registry.Register("time.parse_ns", BuiltinSignature.Of(n, s, s), (o, _) =>
            Parse("time.parse_ns", GoLayout.Resolve(Operand.String("time.parse_ns", o, 0)), Operand.String("time.parse_ns", o, 1)));
        registry.Register("time.parse_rfc3339_ns", BuiltinSignature.Of(n, s), (o, _) =>
            Parse("time.parse_rfc3339_ns", GoLayout.Resolve("RFC3339"), Operand.String("time.parse_rfc3339_ns", o, 0)));
        registry.Register("time.parse_duration_ns", BuiltinSignature.Of(n, s), ParseDuration);
        registry.Register("time.date", BuiltinSignature.Of(RegoType.ArrayOf(n), stamp), (o, _) =>
        {
            var t = Instant("time.date", o, 0);
            return new ArrayValue([NumberValue.Of(t.Year), NumberValue.Of(t.Month), NumberValue.Of(t.Day)]);
        });
        registry.Register("time.clock", BuiltinSignature.Of(RegoType.ArrayOf(n), stamp), (o, _) =>
        {
            var t = Instant("time.clock", o, 0);
            return new ArrayValue([NumberValue.Of(t.Hour), NumberValue.Of(t.Minute), NumberValue.Of(t.Second)]);
        });
        registry.Register("time.weekday", BuiltinSignature.Of(s, stamp), (o, _) =>
            new StringValue(GoLayout.LongDayNames[Instant("time.weekday", o, 0).Weekday]));
        registry.Register("time.add_date", BuiltinSignature.Of(n, n, n, n, n), AddDate);
        registry.Register("time.diff", BuiltinSignature.Of(RegoType.ArrayOf(n), stamp, stamp), Diff);
        registry.Register("time.format", BuiltinSignature.Of(s, RegoType.AnyOf(n, RegoType.ArrayOf(RegoType.AnyOf(n, s)))), Format);
    }

    private static NumberValue Parse(string name, string layout, string value)
    {
        Int128 nanos;
        try
        {
            nanos = GoTimeParser.Parse(layout, value);
        }
        catch (GoTimeParseException e)
        {
            throw BuiltinException.Error(name, e.Message);
        }
        return InRange(name, nanos);
    }

    private static NumberValue InRange(string name, Int128 nanos) =>
        nanos < MinNanos || nanos > MaxNanos
            ? throw BuiltinException.Error(name, "time outside of valid range")
            : NumberValue.Of((long)nanos);

    private static Value ParseDuration(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        try
        {
            return NumberValue.Of(GoDuration.Parse(Operand.String("time.parse_duration_ns", operands, 0)));
        }
        catch (FormatException e)
        {
            throw BuiltinException.Error("time.parse_duration_ns", e.Message);
        }
    }

    /// <summary>Reads a timestamp operand: <c>ns</c>, <c>[ns, zone]</c> or (for <c>time.format</c>) <c>[ns, zone, layout]</c>.</summary>
    private static GoInstant Instant(string name, ReadOnlySpan<Value> operands, int index, int maxElements = 2) =>
        Instant(name, operands, index, maxElements, out _);

    private static GoInstant Instant(string name, ReadOnlySpan<Value> operands, int index, int maxElements, out string? layout)
    {
        layout = null;
        switch (operands[index])
        {
            case NumberValue number:
                return new GoInstant(Nanos(name, number), GoZone.Utc);
            case ArrayValue array when array.Count >= 1 && array.Count <= maxElements:
                if (array[0] is not NumberValue stamp)
                    throw BuiltinException.TypeError(name, $"operand {index + 1}: first element must be a number but got {array[0].TypeName}");
                var zone = GoZone.Utc;
                if (array.Count >= 2)
                {
                    if (array[1] is not StringValue zoneName)
                        throw BuiltinException.TypeError(name, $"operand {index + 1}: second element must be a string but got {array[1].TypeName}");
                    zone = GoZone.Load(name, zoneName.Value);
                }
                if (array.Count == 3)
                {
                    if (array[2] is not StringValue layoutText)
                        throw BuiltinException.TypeError(name, $"operand {index + 1}: third element must be a string but got {array[2].TypeName}");
                    layout = layoutText.Value;
                }
                return new GoInstant(Nanos(name, stamp), zone);
            case ArrayValue:
                throw BuiltinException.Error(name, $"operand {index + 1}: array must have 1 to {maxElements} elements");
            default:
                throw Operand.Mismatch(name, index, operands[index], ValueKind.Number, ValueKind.Array);
        }
    }

    private static long Nanos(string name, NumberValue number) =>
        number.TryGetInt64(out var nanos) ? nanos : throw BuiltinException.Error(name, "timestamp too big");

    private static Value AddDate(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        const string name = "time.add_date";
        var t = new GoInstant(Nanos(name, Operand.Number(name, operands, 0)), GoZone.Utc);
        var years = Integer(name, operands, 1);
        var months = Integer(name, operands, 2);
        var days = Integer(name, operands, 3);
        var seconds = CivilCalendar.NormalizedSeconds(t.Year + years, t.Month + months, t.Day + days, t.Hour, t.Minute, t.Second);
        return InRange(name, seconds * CivilCalendar.NanosPerSecond + t.Nanosecond);
    }

    private static long Integer(string name, ReadOnlySpan<Value> operands, int index) =>
        Operand.Number(name, operands, index).TryGetInt64(out var value) && Math.Abs(value) < 1L << 40
            ? value
            : throw BuiltinException.OperandType(name, index + 1, "integer", "number");

    /// <summary>
    /// The calendar difference between two instants as [years, months, days, hours, minutes, seconds], the second
    /// instant seen in the first one's zone, borrowing from the larger unit like OPA's implementation does.
    /// </summary>
    private static Value Diff(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        var first = Instant("time.diff", operands, 0);
        var second = Instant("time.diff", operands, 1);
        second = new GoInstant(second.UnixNanos, first.Zone);
        if (first.UnixNanos > second.UnixNanos) (first, second) = (second, first);
        var year = second.Year - first.Year;
        long month = second.Month - first.Month, day = second.Day - first.Day;
        long hour = second.Hour - first.Hour, minute = second.Minute - first.Minute, sec = second.Second - first.Second;
        if (sec < 0) { sec += 60; minute--; }
        if (minute < 0) { minute += 60; hour--; }
        if (hour < 0) { hour += 24; day--; }
        if (day < 0)
        {
            day += CivilCalendar.DaysIn(first.Month, first.Year);
            month--;
        }
        if (month < 0) { month += 12; year--; }
        return new ArrayValue([NumberValue.Of(year), NumberValue.Of(month), NumberValue.Of(day),
            NumberValue.Of(hour), NumberValue.Of(minute), NumberValue.Of(sec)]);
    }

    private static Value Format(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        var t = Instant("time.format", operands, 0, 3, out var layout);
        return new StringValue(t.Format(GoLayout.Resolve(layout ?? GoLayout.Rfc3339Nano)));
    }
}
