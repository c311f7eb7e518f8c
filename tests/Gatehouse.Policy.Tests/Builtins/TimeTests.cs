using Gatehouse.Policy.Values;
using static Gatehouse.Policy.Tests.Builtins.BuiltinCall;

namespace Gatehouse.Policy.Tests.Builtins;

public class TimeTests
{
    [Theory]
    [InlineData("2006-01-02T15:04:05Z07:00", "2017-06-02T19:00:00-07:00", "1496455200000000000")]
    [InlineData("2006-01-02T15:04:05Z07:00", "1677-09-21T00:12:43.145224192-00:00", "-9223372036854775808")]
    [InlineData("2006-01-02T15:04:05Z07:00", "2262-04-11T23:47:16.854775807-00:00", "9223372036854775807")]
    [InlineData("01/02 03:04:05PM '06 -0700", "06/02 07:00:00PM '17 -0700", "1496455200000000000")]
    [InlineData("02 Jan 06 15:04 -0700", "02 Jun 17 19:00 -0700", "1496455200000000000")]
    [InlineData("RFC822Z", "02 Jun 17 19:00 -0700", "1496455200000000000")]
    [InlineData("2006-01-02", "2020-02-29", "1582934400000000000")]
    [InlineData("Mon Jan _2 15:04:05 2006", "Fri Jun  2 19:00:00 2017", "1496430000000000000")]
    public void Parse_ns_reads_go_layouts(string layout, string value, string expected) =>
        Assert.Equal(Num(expected), Call("time.parse_ns", layout, value));

    [Fact]
    public void Parse_errors_read_like_go()
    {
        Fails("eval_builtin_error", "time.parse_ns: time outside of valid range",
            "time.parse_ns", "2006-01-02T15:04:05Z07:00", "2262-04-11T23:47:16.854775808-00:00");
        Fails("eval_builtin_error", "time.parse_rfc3339_ns: time outside of valid range",
            "time.parse_rfc3339_ns", "1677-09-21T00:12:43.145224191-00:00");
        Fails("eval_builtin_error", "time.parse_ns: parsing time \"2021-02-30\": day out of range",
            "time.parse_ns", "2006-01-02", "2021-02-30");
        Fails("eval_builtin_error", "time.parse_ns: parsing time \"2021-x\" as \"2006-01-02\": cannot parse \"x\" as \"01\"",
            "time.parse_ns", "2006-01-02", "2021-x");
        Fails("eval_builtin_error", "time.parse_ns: parsing time \"2021-01-01 extra\": extra text: \" extra\"",
            "time.parse_ns", "2006-01-02", "2021-01-01 extra");
    }

    [Theory]
    [InlineData("100ms", "100000000")]
    [InlineData("1h30m", "5400000000000")]
    [InlineData("-1.5h", "-5400000000000")]
    [InlineData("1.000000001s", "1000000001")]
    [InlineData("2µs", "2000")]
    [InlineData("0", "0")]
    public void Durations_use_go_syntax(string text, string expected) =>
        Assert.Equal(Num(expected), Call("time.parse_duration_ns", text));

    [Fact]
    public void Duration_errors_read_like_go()
    {
        Fails("eval_builtin_error", "time.parse_duration_ns: time: missing unit in duration \"10\"", "time.parse_duration_ns", "10");
        Fails("eval_builtin_error", "time.parse_duration_ns: time: unknown unit \"d\" in duration \"1d\"", "time.parse_duration_ns", "1d");
        Fails("eval_builtin_error", "time.parse_duration_ns: time: invalid duration \"\"", "time.parse_duration_ns", "");
    }

    [Fact]
    public void Date_clock_and_weekday_in_zones()
    {
        Assert.Equal(Json("[2018, 2, 5]"), Call("time.date", Num("1517814000000000000")));
        Assert.Equal(Json("[2018, 2, 4]"), Call("time.date", Json("[1517814000000000000, \"America/Los_Angeles\"]")));
        Assert.Equal(Json("[2020, 2, 29]"), Call("time.date", Num("1582977600000000000")));
        Assert.Equal(Json("[7, 0, 0]"), Call("time.clock", Json("[1517832000000000000, \"America/New_York\"]")));
        Assert.Equal(new StringValue("Monday"), Call("time.weekday", Num("1517832000000000000")));
        Assert.Equal(new StringValue("Sunday"), Call("time.weekday", Num("1518350400000000000")));
        Assert.Equal(Json("[1969, 12, 31]"), Call("time.date", Num("-1")));
        Fails("eval_builtin_error", "time.date: timestamp too big", "time.date", Num("1582977600000000000000"));
        Fails("eval_builtin_error", "time.date: unknown time zone Mars/Olympus", "time.date", Json("[0, \"Mars/Olympus\"]"));
    }

    [Fact]
    public void Add_date_normalizes_like_go()
    {
        Assert.Equal(Num("1705257221593912000"), Call("time.add_date", Num("1585852421593912000"), 3, 9, 12));
        Assert.Equal(Num("1551465221593912000"), Call("time.add_date", Num("1585852421593912000"), -1, -1, -1));
        // January 31 plus one month is March 3 (2021 is not a leap year), as in Go.
        var jan31 = Call("time.parse_ns", "2006-01-02", "2021-01-31")!;
        Assert.Equal(Call("time.parse_ns", "2006-01-02", "2021-03-03"), Call("time.add_date", jan31, 0, 1, 0));
        Fails("eval_builtin_error", "time.add_date: time outside of valid range", "time.add_date", 0, 2262, 1, 1);
        Fails("eval_builtin_error", "time.add_date: time outside of valid range", "time.add_date", long.MinValue, 0, 0, -1);
    }

    [Fact]
    public void Diff_borrows_like_opa()
    {
        var now = (NumberValue)Call("time.now_ns")!;
        Assert.Equal(Json("[0, 0, 0, 0, 1, 1]"), Call("time.diff", now.Add(Num("61000000000")), now));
        Assert.Equal(Json("[0, 0, 0, 0, 1, 0]"), Call("time.diff",
            new ArrayValue([now.Add(Num("60000000000")), "UTC"]), new ArrayValue([now, "Asia/Shanghai"])));
        Value Day(string d) => Call("time.parse_ns", "2006-01-02", d)!;
        Assert.Equal(Json("[0, 0, 28, 0, 0, 0]"), Call("time.diff", Day("2020-02-02"), Day("2020-03-01")));
        Assert.Equal(Json("[0, 0, 27, 0, 0, 0]"), Call("time.diff", Day("2021-02-02"), Day("2021-03-01")));
        Assert.Equal(Json("[1, 0, 1, 0, 0, 0]"), Call("time.diff", Day("2004-02-29"), Day("2005-03-01")));
    }

    [Fact]
    public void Format_uses_go_layouts_and_zones()
    {
        var t = Num("1670006453141828752");
        Assert.Equal(new StringValue("2022-12-02T18:40:53.141828752Z"), Call("time.format", t));
        Assert.Equal(new StringValue("2022-12-03T00:10:53.141828752+05:30"), Call("time.format", new ArrayValue([t, "Asia/Kolkata"])));
        Assert.Equal(new StringValue("Sat Dec 03 00:10:53 +0530 2022"),
            Call("time.format", new ArrayValue([t, "Asia/Kolkata", "Mon Jan 02 15:04:05 -0700 2006"])));
        Assert.Equal(new StringValue("Sat, 03 Dec 2022 00:10:53 +0530"), Call("time.format", new ArrayValue([t, "Asia/Kolkata", "RFC1123Z"])));
        Assert.Equal(new StringValue("Fri Dec  2 18:40:53 UTC 2022"), Call("time.format", new ArrayValue([t, "UTC", "UnixDate"])));
        Assert.Equal(new StringValue("6:40PM .141"), Call("time.format", new ArrayValue([t, "", "3:04PM .000"])));
        Fails("eval_builtin_error", "time.format: timestamp too big", "time.format", Num("15829776000000000000000000"));
    }

    [Fact]
    public void Now_is_fixed_per_query()
    {
        Assert.Equal(Num("1670006453000000000"), Call("time.now_ns"));
        Assert.Equal(Call("time.now_ns"), Call("time.now_ns"));
    }
}

public class ClockDependentBuiltinsTests
{
    [Theory]
    [InlineData("time.now_ns")]
    [InlineData("uuid.rfc4122")]
    [InlineData("io.jwt.decode_verify")]
    [InlineData("io.jwt.encode_sign")]
    [InlineData("crypto.x509.parse_and_verify_certificates")]
    public void Are_marked_nondeterministic_so_they_are_never_cached(string name)
    {
        Assert.True(Gatehouse.Policy.Builtins.BuiltinRegistry.Default.TryGet(name, out var builtin));
        Assert.True(builtin.Nondeterministic);
    }
}
