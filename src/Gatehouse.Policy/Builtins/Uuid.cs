using System.Globalization;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Builtins;

/// <summary>
/// <c>uuid.rfc4122</c> (a random version 4 UUID, the same for the same key within one query, as OPA caches it) and
/// <c>uuid.parse</c> (the fields OPA reports: version, variant, and for time-based versions the time, clock sequence,
/// node id and MAC kind; for DCE security UUIDs the domain and id). Unparsable text is undefined.
/// </summary>
public static class Uuid
{
    /// <summary>Registers the family.</summary>
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("uuid.rfc4122", BuiltinSignature.Of(RegoType.String, RegoType.String), (o, context) =>
        {
            var key = Operand.String("uuid.rfc4122", o, 0);
            return (StringValue)context.Cache.GetOrAdd(("uuid.rfc4122", key), _ => new StringValue(Guid.NewGuid().ToString("D")));
        }, nondeterministic: true);
        registry.Register("uuid.parse", BuiltinSignature.Of(RegoType.ObjectOf(RegoType.String, RegoType.Any), RegoType.String), (o, _) =>
            TryBytes(Operand.String("uuid.parse", o, 0), out var bytes) ? Describe(bytes) : null);
    }

    /// <summary>Reads the forms Go's uuid package accepts: plain, braced, <c>urn:uuid:</c>, or 32 hex digits.</summary>
    private static bool TryBytes(string text, out byte[] bytes)
    {
        bytes = new byte[16];
        if (text.Length == 45 && text.StartsWith("urn:uuid:", StringComparison.OrdinalIgnoreCase)) text = text[9..];
        else if (text.Length == 38 && text[0] == '{' && text[^1] == '}') text = text[1..^1];
        string hex;
        if (text.Length == 36)
        {
            if (text[8] != '-' || text[13] != '-' || text[18] != '-' || text[23] != '-') return false;
            hex = text.Replace("-", "", StringComparison.Ordinal);
            if (hex.Length != 32) return false;
        }
        else if (text.Length == 32) hex = text;
        else return false;
        for (var i = 0; i < 16; i++)
            if (!byte.TryParse(hex.AsSpan(2 * i, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i])) return false;
        return true;
    }

    private static ObjectValue Describe(byte[] b)
    {
        var version = b[6] >> 4;
        var fields = new List<(string, Value)> { ("version", NumberValue.Of(version)), ("variant", Variant(b[8])) };
        if (version is 1 or 2)
        {
            // 100 ns intervals since 1582-10-15, reported as Unix nanoseconds.
            var timestamp = ((long)(b[6] & 0x0F) << 56 | (long)b[7] << 48 | (long)b[4] << 40 | (long)b[5] << 32
                | (long)b[0] << 24 | (long)b[1] << 16 | (long)b[2] << 8 | b[3]);
            const long GregorianToUnix = 0x01B21DD213814000;
            fields.Add(("time", NumberValue.Of((System.Numerics.BigInteger)(timestamp - GregorianToUnix) * 100)));
            fields.Add(("clocksequence", NumberValue.Of((b[8] & 0x3F) << 8 | b[9])));
            fields.Add(("nodeid", new StringValue(string.Join("-", b[10..16].Select(x => x.ToString("x2", CultureInfo.InvariantCulture))))));
            fields.Add(("macvariables", new StringValue(((b[10] & 0x02) != 0 ? "local" : "global") + ":" + ((b[10] & 0x01) != 0 ? "multicast" : "unicast"))));
            if (version == 2)
            {
                fields.Add(("domain", new StringValue(b[9] switch { 0 => "Person", 1 => "Group", 2 => "Org", var d => "Domain" + d })));
                fields.Add(("id", NumberValue.Of((long)b[0] << 24 | (long)b[1] << 16 | (long)b[2] << 8 | b[3])));
            }
        }
        return ObjectValue.Of(fields.ToArray());
    }

    private static StringValue Variant(byte b) => new((b & 0xC0) switch
    {
        0x80 => "RFC4122",
        0xC0 => (b & 0xE0) == 0xE0 ? "Future" : "Microsoft",
        _ => "Reserved",
    });
}
