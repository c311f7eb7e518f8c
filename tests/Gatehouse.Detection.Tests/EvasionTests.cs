using System.Text;

namespace Gatehouse.Detection.Tests;

/// <summary>Obfuscated values are caught at the same rate as the plain ones.</summary>
public sealed class EvasionTests
{
    private static readonly DetectionEngine Engine = DetectionEngine.Create();

    private static readonly (string Type, string Context, string Value)[] Values =
    [
        ("CREDIT_CARD", "card", "4111111111111111"),
        ("CREDIT_CARD", "card", "5555555555554444"),
        ("US_SSN", "ssn", "536-22-1234"),
        ("IBAN", "iban", "GB82WEST12345698765432"),
        ("EMAIL", "mail", "jane.doe@example.com"),
        ("PHONE", "phone", "+14155550132"),
        ("IP_ADDRESS", "ip", "192.168.10.254"),
    ];

    private static string ZeroWidth(string v) => string.Join("\u200B", v.ToCharArray());
    private static string FullWidth(string v) => new(v.Select(c => c is >= '!' and <= '~' ? (char)(c - 0x21 + 0xFF01) : c).ToArray());
    private static string Spaced(string v) => v.All(c => char.IsAsciiDigit(c) || c == '-') ? Regroup(v.Replace("-", ""), ' ') : v;
    private static string Dotted(string v) => v.All(c => char.IsAsciiDigit(c) || c == '-') ? Regroup(v.Replace("-", ""), '.') : v;
    private static string Homoglyph(string v) => v.Replace('a', '\u0430').Replace('e', '\u0435').Replace('o', '\u043E');
    private static string MixedCase(string v) => new(v.Select((c, i) => i % 2 == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c)).ToArray());
    private static string Bidi(string v) => "\u202A" + v + "\u202C";

    private static string Regroup(string digits, char separator)
    {
        if (digits.Length == 9)
            return $"{digits[..3]}{separator}{digits[3..5]}{separator}{digits[5..]}";
        var b = new StringBuilder();
        for (var i = 0; i < digits.Length; i++)
        {
            if (i > 0 && i % 4 == 0)
                b.Append(separator);
            b.Append(digits[i]);
        }
        return b.ToString();
    }

    private static double Rate(Func<string, string> obfuscate)
    {
        var caught = 0;
        foreach (var (type, context, value) in Values)
        {
            var hidden = obfuscate(value);
            var text = $"my {context} is {hidden} thanks";
            var start = text.IndexOf(hidden, StringComparison.Ordinal);
            if (Engine.Scan(text).Any(f => f.EntityType == type && f.Start <= start + 1 && f.End >= start + hidden.Length - 1))
                caught++;
        }
        return (double)caught / Values.Length;
    }

    public static TheoryData<string> Obfuscations() => ["zero-width", "full-width", "spaced", "dotted", "homoglyph", "mixed-case", "bidi"];

    [Theory]
    [MemberData(nameof(Obfuscations))]
    public void ObfuscatedValuesAreCaughtAsOftenAsPlainOnes(string kind)
    {
        Func<string, string> obfuscate = kind switch
        {
            "zero-width" => ZeroWidth,
            "full-width" => FullWidth,
            "spaced" => Spaced,
            "dotted" => Dotted,
            "homoglyph" => Homoglyph,
            "mixed-case" => MixedCase,
            _ => Bidi,
        };
        var plain = Rate(v => v);
        Assert.Equal(1.0, plain);
        Assert.Equal(plain, Rate(obfuscate));
    }
}
