using System.Numerics;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Builtins;

/// <summary>
/// <c>units.parse</c> (SI and IEC suffixes, <c>m</c> is milli, exact decimal results) and <c>units.parse_bytes</c>
/// (byte suffixes such as <c>KB</c>/<c>KiB</c>, case-insensitive, whole bytes). Amounts may be decimals or use an
/// exponent (<c>3.2E2MiB</c>); quotes are removed; spaces are an error. Messages match OPA's.
/// </summary>
public static class Units
{
    private static readonly Dictionary<string, NumberValue> Multipliers = new(StringComparer.Ordinal)
    {
        [""] = NumberValue.One,
        ["k"] = Power(10, 3), ["ki"] = Power(2, 10),
        ["m"] = Power(10, 6), ["mi"] = Power(2, 20),
        ["g"] = Power(10, 9), ["gi"] = Power(2, 30),
        ["t"] = Power(10, 12), ["ti"] = Power(2, 40),
        ["p"] = Power(10, 15), ["pi"] = Power(2, 50),
        ["e"] = Power(10, 18), ["ei"] = Power(2, 60),
    };

    /// <summary>Registers the family.</summary>
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("units.parse", BuiltinSignature.Of(RegoType.Number, RegoType.String), (o, _) =>
            Parse("units.parse", Operand.String("units.parse", o, 0), bytes: false));
        registry.Register("units.parse_bytes", BuiltinSignature.Of(RegoType.Number, RegoType.String), (o, _) =>
            Parse("units.parse_bytes", Operand.String("units.parse_bytes", o, 0), bytes: true));
    }

    private static NumberValue Power(int radix, int exponent) => NumberValue.Of(BigInteger.Pow(radix, exponent));

    private static Value Parse(string name, string raw, bool bytes)
    {
        var what = bytes ? "byte amount" : "amount";
        if (raw.Contains(' ', StringComparison.Ordinal)) throw BuiltinException.Error(name, "spaces not allowed in resource strings");
        var text = raw.Replace("\"", "", StringComparison.Ordinal);
        var (amountText, unit) = Split(text);
        if (amountText.Length == 0) throw BuiltinException.Error(name, $"no {what} provided");
        if (!NumberValue.TryParse(amountText, out var amount))
            throw BuiltinException.Error(name, $"could not parse {what} to a number");
        NumberValue multiplier;
        if (!bytes && unit == "m") multiplier = NumberValue.Create(1, 3); // milli; only units.parse has it
        else
        {
            var key = unit.ToLowerInvariant();
            if (bytes && key.Length >= 2 && key[^1] == 'b') key = key[..^1]; // "kb" is "k", "kib" is "ki"
            if (!Multipliers.TryGetValue(key, out multiplier!))
                throw BuiltinException.Error(name, $"{(bytes ? "byte unit" : "unit")} {unit} not recognized");
        }
        var value = amount.Multiply(multiplier);
        return !bytes ? value : value.Sign < 0 ? value.Ceiling() : value.Floor(); // whole bytes, truncated toward zero
    }

    /// <summary>
    /// Splits <c>1.5e3Ki</c> into amount <c>1.5e3</c> and unit <c>Ki</c>: a sign, digits and dots, then an exponent only when
    /// an <c>e</c> is followed by digits (so <c>10e</c> is ten exa-units, not a malformed exponent).
    /// </summary>
    private static (string Amount, string Unit) Split(string text)
    {
        var i = text.Length > 0 && text[0] is '-' or '+' ? 1 : 0;
        var start = i;
        while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.')) i++;
        if (i == start) return ("", text); // a sign alone is no amount
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            var j = i + 1;
            if (j < text.Length && text[j] is '+' or '-') j++;
            if (j < text.Length && char.IsAsciiDigit(text[j]))
            {
                while (j < text.Length && char.IsAsciiDigit(text[j])) j++;
                i = j;
            }
        }
        return (text[..i], text[i..]);
    }
}
