using Gatehouse.Policy.Builtins;
using Gatehouse.Policy.Values;
using static Gatehouse.Policy.Tests.Builtins.BuiltinCall;

namespace Gatehouse.Policy.Tests.Builtins;

public class UnitsTests
{
    [Theory]
    [InlineData("500m", "0.5")]
    [InlineData("0.0005K", "0.5")]
    [InlineData("1.1Ki", "1126.4")]
    [InlineData("10KI", "10240")]
    [InlineData("100M", "100000000")]
    [InlineData("10e", "10000000000000000000")]
    [InlineData("10Ei", "11529215046068469760")]
    [InlineData("1e10", "10000000000")]
    [InlineData("2.5e3K", "2500000")]
    [InlineData("\"100TI\"", "109951162777600")]
    [InlineData(".0", "0")]
    [InlineData("-3.5E2m", "-0.35")]
    public void Parse_is_exact(string text, string expected) => Assert.Equal(Num(expected), Call("units.parse", text));

    [Theory]
    [InlineData("1.1KiB", "1126")]
    [InlineData("1.1KB", "1100")]
    [InlineData("10Kib", "10240")]
    [InlineData("100m", "100000000")]
    [InlineData("1e-2KB", "10")]
    [InlineData("3.2E2MiB", "335544320")]
    [InlineData("5E", "5000000000000000000")]
    [InlineData("12345", "12345")]
    public void Parse_bytes_gives_whole_bytes(string text, string expected) => Assert.Equal(Num(expected), Call("units.parse_bytes", text));

    [Theory]
    [InlineData("units.parse", "", "units.parse: no amount provided")]
    [InlineData("units.parse", "G", "units.parse: no amount provided")]
    [InlineData("units.parse", "0.0.0", "units.parse: could not parse amount to a number")]
    [InlineData("units.parse", " 327Mi ", "units.parse: spaces not allowed in resource strings")]
    [InlineData("units.parse_bytes", "foo", "units.parse_bytes: no byte amount provided")]
    [InlineData("units.parse_bytes", ".5.2", "units.parse_bytes: could not parse byte amount to a number")]
    [InlineData("units.parse_bytes", "100 kb", "units.parse_bytes: spaces not allowed in resource strings")]
    [InlineData("units.parse_bytes", "5zb", "units.parse_bytes: byte unit zb not recognized")]
    public void Errors_read_like_opa(string name, string text, string message) => Fails("eval_builtin_error", message, name, text);
}

public class SemverTests
{
    [Theory]
    [InlineData("1.0.0", "2.0.0", -1)]
    [InlineData("1.0.0", "1.0.0", 0)]
    [InlineData("2.0.0", "1.0.0", 1)]
    [InlineData("1.0.0-alpha", "1.0.0", -1)]
    [InlineData("1.0.0-alpha.1", "1.0.0-alpha.beta", -1)]
    [InlineData("1.0.0-beta.11", "1.0.0-beta.2", 1)]
    [InlineData("1.0.0+build.1", "1.0.0+build.2", 0)]
    [InlineData("1.10.0", "1.9.0", 1)]
    public void Compare_follows_precedence(string a, string b, int expected) =>
        Assert.Equal(NumberValue.Of(expected), Call("semver.compare", a, b));

    [Fact]
    public void Validity_and_errors()
    {
        Assert.Equal(BooleanValue.True, Call("semver.is_valid", "1.0.0-rc.1+sha.5114f85"));
        Assert.Equal(BooleanValue.False, Call("semver.is_valid", "1"));
        Assert.Equal(BooleanValue.False, Call("semver.is_valid", "01.0.0"));
        Assert.Equal(BooleanValue.False, Call("semver.is_valid", "1.0.0-01"));
        Assert.Equal(BooleanValue.False, Call("semver.is_valid", 1));
        Fails("eval_builtin_error", "semver.compare: operand 2: string \"1\" is not a valid SemVer", "semver.compare", "1.0.0", "1");
    }
}

public class UuidTests
{
    [Fact]
    public void Rfc4122_is_stable_per_query_and_key()
    {
        var first = Call("uuid.rfc4122", "key");
        Assert.Equal(first, Call("uuid.rfc4122", "key"));
        Assert.NotEqual(first, Call("uuid.rfc4122", "other"));
        Assert.NotEqual(first, CallWith(new BuiltinContext(DateTimeOffset.UtcNow), "uuid.rfc4122", "key"));
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", ((StringValue)first!).Value);
    }

    [Fact]
    public void Parse_reports_opa_fields()
    {
        var v2 = Json("""{"clocksequence": 12800, "domain": "Person", "id": 1000, "macvariables": "local:unicast", "nodeid": "32-50-96-b3-9f-47", "time": 1693566990121469600, "variant": "RFC4122", "version": 2}""");
        Assert.Equal(v2, Call("uuid.parse", "000003e8-48b9-21ee-b200-325096b39f47"));
        Assert.Equal(v2, Call("uuid.parse", "urn:uuid:000003e8-48b9-21ee-b200-325096b39f47"));
        Assert.Equal(Json("""{"variant": "RFC4122", "version": 4}"""), Call("uuid.parse", "{00000000-0000-4000-8000-000000000000}"));
        Assert.Equal(Json("""{"variant": "RFC4122", "version": 3}"""), Call("uuid.parse", "6bea8ef2d3d33cd184e09bab06a52ece"));
        Assert.Null(Call("uuid.parse", "not-a-uuid"));
    }
}
