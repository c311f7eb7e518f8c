using System.Globalization;
using System.Text;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Builtins;

/// <summary>
/// String builtins with Go's semantics as OPA exposes them: positions and lengths count Unicode code points (runes),
/// <c>split</c>, <c>replace</c> and <c>strings.count</c> treat an empty separator the way Go's <c>strings</c> package does.
/// </summary>
public static class Strings
{
    private static readonly RegoType S = RegoType.String;
    private static readonly RegoType N = RegoType.Number;
    private static readonly RegoType B = RegoType.Boolean;

    /// <summary>Registers the family.</summary>
    public static void Register(BuiltinRegistry registry)
    {
        var strings = RegoType.AnyOf(RegoType.ArrayOf(S), RegoType.SetOf(S));
        var stringOrStrings = RegoType.AnyOf(S, RegoType.ArrayOf(S), RegoType.SetOf(S));
        registry.Register("concat", BuiltinSignature.Of(S, S, strings), Concat);
        registry.Register("contains", BuiltinSignature.Of(B, S, S),
            (o, _) => BooleanValue.Of(Operand.String("contains", o, 0).Contains(Operand.String("contains", o, 1), StringComparison.Ordinal)));
        registry.Register("startswith", BuiltinSignature.Of(B, S, S),
            (o, _) => BooleanValue.Of(Operand.String("startswith", o, 0).StartsWith(Operand.String("startswith", o, 1), StringComparison.Ordinal)));
        registry.Register("endswith", BuiltinSignature.Of(B, S, S),
            (o, _) => BooleanValue.Of(Operand.String("endswith", o, 0).EndsWith(Operand.String("endswith", o, 1), StringComparison.Ordinal)));
        registry.Register("lower", BuiltinSignature.Of(S, S), (o, _) => new StringValue(Operand.String("lower", o, 0).ToLowerInvariant()));
        registry.Register("upper", BuiltinSignature.Of(S, S), (o, _) => new StringValue(Operand.String("upper", o, 0).ToUpperInvariant()));
        registry.Register("format_int", BuiltinSignature.Of(S, N, N), FormatInt);
        registry.Register("indexof", BuiltinSignature.Of(N, S, S), IndexOf);
        registry.Register("indexof_n", BuiltinSignature.Of(RegoType.ArrayOf(N), S, S), IndexOfN);
        registry.Register("substring", BuiltinSignature.Of(S, S, N, N), Substring);
        registry.Register("split", BuiltinSignature.Of(RegoType.ArrayOf(S), S, S), Split);
        registry.Register("replace", BuiltinSignature.Of(S, S, S, S), (o, _) => new StringValue(
            ReplaceAll(Operand.String("replace", o, 0), Operand.String("replace", o, 1), Operand.String("replace", o, 2))));
        registry.Register("strings.replace_n", BuiltinSignature.Of(S, RegoType.ObjectOf(S, S), S), ReplaceN);
        registry.Register("strings.reverse", BuiltinSignature.Of(S, S), (o, _) => new StringValue(Reverse(Operand.String("strings.reverse", o, 0))));
        registry.Register("strings.count", BuiltinSignature.Of(N, S, S), Count);
        registry.Register("strings.any_prefix_match", BuiltinSignature.Of(B, stringOrStrings, stringOrStrings),
            (o, _) => AnyMatch("strings.any_prefix_match", o, (s, p) => s.StartsWith(p, StringComparison.Ordinal)));
        registry.Register("strings.any_suffix_match", BuiltinSignature.Of(B, stringOrStrings, stringOrStrings),
            (o, _) => AnyMatch("strings.any_suffix_match", o, (s, p) => s.EndsWith(p, StringComparison.Ordinal)));
    }

    /// <summary>The code points of <paramref name="text"/> as strings (one rune each, surrogate pairs kept together).</summary>
    internal static string[] Runes(string text)
    {
        var runes = new List<string>(text.Length);
        foreach (var rune in text.EnumerateRunes()) runes.Add(rune.ToString());
        return runes.ToArray();
    }

    private static Value Concat(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        var separator = Operand.String("concat", operands, 0);
        var parts = operands[1] switch
        {
            ArrayValue a => OperandChecks.Strings("concat", a, 1, a),
            SetValue s => OperandChecks.Strings("concat", s, 1, s),
            var other => throw OperandChecks.OneOf("concat", 1, other, "set, array"),
        };
        return new StringValue(string.Join(separator, parts));
    }

    private static Value FormatInt(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        var number = Operand.Number("format_int", operands, 0);
        var radix = Operand.Number("format_int", operands, 1);
        if (!radix.TryGetInt32(out var b) || b is not (2 or 8 or 10 or 16))
            throw BuiltinException.TypeError("format_int", "operand 2 must be one of {2, 8, 10, 16}");
        // Go truncates toward zero when it turns the number into an integer.
        var integer = (number.Sign < 0 ? number.Negate().Floor().Negate() : number.Floor()).ToBigInteger();
        return new StringValue(FormatRadix(integer, b));
    }

    private static string FormatRadix(System.Numerics.BigInteger value, int radix)
    {
        if (radix == 10) return value.ToString(CultureInfo.InvariantCulture);
        var negative = value.Sign < 0;
        var rest = System.Numerics.BigInteger.Abs(value);
        if (rest.IsZero) return "0";
        var digits = new StringBuilder();
        while (!rest.IsZero)
        {
            rest = System.Numerics.BigInteger.DivRem(rest, radix, out var digit);
            digits.Insert(0, "0123456789abcdef"[(int)digit]);
        }
        return negative ? "-" + digits : digits.ToString();
    }

    private static Value IndexOf(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        var text = Operand.String("indexof", operands, 0);
        var search = Operand.String("indexof", operands, 1);
        if (search.Length == 0) throw BuiltinException.Error("indexof", "empty search character");
        var at = text.IndexOf(search, StringComparison.Ordinal);
        return NumberValue.Of(at < 0 ? -1 : RuneCount(text.AsSpan(0, at)));
    }

    private static Value IndexOfN(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        var text = Operand.String("indexof_n", operands, 0);
        var search = Operand.String("indexof_n", operands, 1);
        if (search.Length == 0) throw BuiltinException.Error("indexof_n", "empty search character");
        var found = new List<Value>();
        var runeIndex = 0;
        for (var i = 0; i < text.Length; i += char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 2 : 1, runeIndex++)
            if (string.CompareOrdinal(text, i, search, 0, search.Length) == 0 && i + search.Length <= text.Length)
                found.Add(NumberValue.Of(runeIndex));
        return new ArrayValue(found.ToArray());
    }

    private static int RuneCount(ReadOnlySpan<char> text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes()) count++;
        return count;
    }

    private static Value Substring(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        var text = Operand.String("substring", operands, 0);
        var start = OperandChecks.Int32("substring", operands, 1);
        var runes = Runes(text);
        // OPA checks the offset before it reads the length: past the end is "" whatever the length.
        if (start >= runes.Length) return StringValue.Empty;
        if (start < 0) throw BuiltinException.Error("substring", "negative offset");
        var length = OperandChecks.Int32("substring", operands, 2);
        var end = length < 0 || (long)start + length > runes.Length ? runes.Length : start + length;
        return new StringValue(string.Concat(runes[start..end]));
    }

    private static Value Split(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        var text = Operand.String("split", operands, 0);
        var separator = Operand.String("split", operands, 1);
        var parts = separator.Length == 0 ? Runes(text) : text.Split(separator);
        return new ArrayValue(parts.Select(p => (Value)new StringValue(p)).ToArray());
    }

    /// <summary>Go's <c>strings.ReplaceAll</c>: an empty <paramref name="old"/> inserts before every rune and at the end.</summary>
    internal static string ReplaceAll(string text, string old, string replacement)
    {
        if (old.Length > 0) return text.Replace(old, replacement, StringComparison.Ordinal);
        var builder = new StringBuilder(replacement);
        foreach (var rune in text.EnumerateRunes()) builder.Append(rune.ToString()).Append(replacement);
        return builder.ToString();
    }

    private static Value ReplaceN(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        var patterns = Operand.Object("strings.replace_n", operands, 0);
        var text = Operand.String("strings.replace_n", operands, 1);
        var pairs = new List<(string Old, string New)>();
        foreach (var (key, value) in patterns)
        {
            if (key is not StringValue k) throw BuiltinException.TypeError("strings.replace_n", "operand 1 non-string key found in pattern object");
            if (value is not StringValue v) throw BuiltinException.TypeError("strings.replace_n", "operand 1 non-string value found in pattern object");
            pairs.Add((k.Value, v.Value));
        }
        return new StringValue(ReplaceMany(text, pairs));
    }

    /// <summary>
    /// Go's <c>strings.NewReplacer</c>: scan left to right; at each position the first pair (in order) whose old
    /// string matches is replaced and the scan continues after it; matches never overlap.
    /// </summary>
    private static string ReplaceMany(string text, IReadOnlyList<(string Old, string New)> pairs)
    {
        var builder = new StringBuilder(text.Length);
        var i = 0;
        while (true)
        {
            var at = i;
            var match = pairs.FirstOrDefault(p => p.Old.Length <= text.Length - at && string.CompareOrdinal(text, at, p.Old, 0, p.Old.Length) == 0);
            if (match.Old is not null)
            {
                builder.Append(match.New);
                if (match.Old.Length > 0)
                {
                    i += match.Old.Length;
                    continue;
                }
            }
            if (i >= text.Length) break;
            var width = char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 2 : 1;
            builder.Append(text, i, width);
            i += width;
        }
        return builder.ToString();
    }

    private static string Reverse(string text)
    {
        var runes = Runes(text);
        Array.Reverse(runes);
        return string.Concat(runes);
    }

    private static Value Count(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        var text = Operand.String("strings.count", operands, 0);
        var search = Operand.String("strings.count", operands, 1);
        if (search.Length == 0) return NumberValue.Of(RuneCount(text) + 1);
        var count = 0;
        for (var at = text.IndexOf(search, StringComparison.Ordinal); at >= 0; at = text.IndexOf(search, at + search.Length, StringComparison.Ordinal))
            count++;
        return NumberValue.Of(count);
    }

    private static Value AnyMatch(string name, ReadOnlySpan<Value> operands, Func<string, string, bool> matches)
    {
        var texts = OperandChecks.StringOrCollection(name, operands, 0);
        var affixes = OperandChecks.StringOrCollection(name, operands, 1);
        return BooleanValue.Of(texts.Any(t => affixes.Any(a => matches(t, a))));
    }
}
