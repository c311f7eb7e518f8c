using System.Globalization;
using System.Numerics;
using System.Text;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Builtins;

/// <summary>
/// <c>sprintf(format, values)</c> with Go's fmt verbs as OPA exposes them: <c>%v %s %d %f %F %e %E %g %G %x %X %o %b %q %t %%</c>,
/// flags <c>+ - # 0 space</c>, width and precision. Strings format as their text, numbers as numbers, other values
/// in Rego syntax. Mismatches print like Go (<c>%!d(string=abc)</c>, <c>%!s(MISSING)</c>).
/// </summary>
public static class Sprintf
{
    /// <summary>Registers the family.</summary>
    public static void Register(BuiltinRegistry registry) =>
        registry.Register("sprintf", BuiltinSignature.Of(RegoType.String, RegoType.String, RegoType.ArrayOf(RegoType.Any)),
            (o, _) => new StringValue(Format(Operand.String("sprintf", o, 0), Operand.Array("sprintf", o, 1))));

    /// <summary>Formats <paramref name="values"/> into <paramref name="format"/>.</summary>
    public static string Format(string format, IReadOnlyList<Value> values)
    {
        var output = new StringBuilder();
        var next = 0;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c != '%')
            {
                output.Append(c);
                continue;
            }
            var spec = new Spec();
            i++;
            for (; i < format.Length && "+-# 0".Contains(format[i]); i++)
            {
                switch (format[i])
                {
                    case '+': spec.Plus = true; break;
                    case '-': spec.Minus = true; break;
                    case '#': spec.Sharp = true; break;
                    case ' ': spec.Space = true; break;
                    case '0': spec.Zero = true; break;
                }
            }
            spec.Width = ReadNumber(format, ref i);
            if (i < format.Length && format[i] == '.')
            {
                i++;
                spec.Precision = ReadNumber(format, ref i) ?? 0;
            }
            if (i >= format.Length)
            {
                output.Append("%!(NOVERB)");
                break;
            }
            var verb = format[i];
            if (verb == '%')
            {
                output.Append('%');
                continue;
            }
            if (next >= values.Count)
            {
                output.Append("%!").Append(verb).Append("(MISSING)");
                continue;
            }
            output.Append(Pad(FormatOne(verb, values[next++], spec), spec));
        }
        if (next < values.Count)
        {
            output.Append("%!(EXTRA ");
            output.Append(string.Join(", ", values.Skip(next).Select(v => GoTypeName(v) + "=" + Plain(v))));
            output.Append(')');
        }
        return output.ToString();
    }

    private sealed class Spec
    {
        public bool Plus, Minus, Sharp, Space, Zero;
        public int? Width;
        public int? Precision;
    }

    private static int? ReadNumber(string format, ref int i)
    {
        var start = i;
        while (i < format.Length && char.IsAsciiDigit(format[i])) i++;
        return i > start ? int.Parse(format.AsSpan(start, i - start), CultureInfo.InvariantCulture) : null;
    }

    private static string Pad(string text, Spec spec)
    {
        if (spec.Width is not { } width || text.Length >= width) return text;
        if (spec.Minus) return text.PadRight(width);
        if (spec.Zero && text.Length > 0 && (char.IsAsciiDigit(text[^1]) || text[^1] == '.'))
        {
            var sign = text[0] is '-' or '+' ? text[..1] : "";
            return sign + text[sign.Length..].PadLeft(width - sign.Length, '0');
        }
        return text.PadLeft(width);
    }

    /// <summary>How %v and %s show a value: strings bare, everything else in Rego syntax.</summary>
    private static string Plain(Value value) => value is StringValue s ? s.Value : value.ToString();

    private static string GoTypeName(Value value) => value switch
    {
        StringValue => "string",
        NumberValue n => n.IsInteger ? "*big.Int" : "*big.Float",
        BooleanValue => "bool",
        _ => "ast." + char.ToUpperInvariant(value.TypeName[0]) + value.TypeName[1..],
    };

    private static string Bad(char verb, Value value) => $"%!{verb}({GoTypeName(value)}={Plain(value)})";

    private static string FormatOne(char verb, Value value, Spec spec)
    {
        switch (verb)
        {
            case 'v':
                return value is NumberValue vn && spec.Plus && vn.Sign >= 0 ? "+" + Plain(value) : Plain(value);
            case 's':
                var text = Plain(value);
                return spec.Precision is { } max && text.Length > max ? text[..max] : text;
            case 'q':
                if (value is not StringValue quoted) return Bad(verb, value);
                var builder = new StringBuilder();
                StringValue.Quote(builder, quoted.Value);
                return builder.ToString();
            case 't':
                return value is BooleanValue b ? (b.Value ? "true" : "false") : Bad(verb, value);
            case 'd':
                return value is NumberValue { IsInteger: true } d ? Signed(d.ToBigInteger().ToString(CultureInfo.InvariantCulture), d.Sign, spec) : Bad(verb, value);
            case 'x' or 'X' or 'o' or 'b':
                return IntegerBase(verb, value, spec);
            case 'f' or 'F' or 'e' or 'E' or 'g' or 'G':
                return value is NumberValue f ? Signed(FloatText(verb, f, spec.Precision), f.Sign, spec) : Bad(verb, value);
            default:
                return Bad(verb, value);
        }
    }

    private static string Signed(string digits, int sign, Spec spec) =>
        sign >= 0 && spec.Plus ? "+" + digits : sign >= 0 && spec.Space ? " " + digits : digits;

    private static string IntegerBase(char verb, Value value, Spec spec)
    {
        if (value is StringValue s && verb is 'x' or 'X')
        {
            var hex = Convert.ToHexString(Encoding.UTF8.GetBytes(s.Value));
            return verb == 'x' ? hex.ToLowerInvariant() : hex;
        }
        if (value is not NumberValue { IsInteger: true } n) return Bad(verb, value);
        var magnitude = BigInteger.Abs(n.ToBigInteger());
        var radix = verb switch { 'o' => 8, 'b' => 2, _ => 16 };
        var digits = new StringBuilder();
        if (magnitude.IsZero) digits.Append('0');
        while (!magnitude.IsZero)
        {
            var digit = (int)(magnitude % radix);
            digits.Insert(0, "0123456789abcdef"[digit]);
            magnitude /= radix;
        }
        var body = digits.ToString();
        if (verb == 'X') body = body.ToUpperInvariant();
        if (spec.Sharp) body = (verb switch { 'x' => "0x", 'X' => "0X", 'o' => "0", _ => "" }) + body;
        return Signed(n.Sign < 0 ? "-" + body : body, n.Sign, spec);
    }

    private static string FloatText(char verb, NumberValue number, int? precision)
    {
        switch (verb)
        {
            case 'f' or 'F':
                return FixedPoint(number, precision ?? 6);
            case 'e' or 'E':
                var e = number.ToDouble().ToString((verb == 'e' ? "e" : "E") + (precision ?? 6).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
                return GoExponent(e);
            default:
                var d = number.ToDouble();
                var g = precision is { } p ? d.ToString("G" + p.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : d.ToString("R", CultureInfo.InvariantCulture);
                g = GoExponent(g);
                return verb == 'g' ? g.Replace('E', 'e') : g.Replace('e', 'E');
        }
    }

    /// <summary>Exact fixed-point rounding (half to even, like Go's strconv) to <paramref name="places"/> decimals.</summary>
    private static string FixedPoint(NumberValue number, int places)
    {
        var scaled = number.Multiply(NumberValue.Create(BigInteger.Pow(10, places), 0));
        var floor = scaled.Floor();
        var fraction = scaled.Subtract(floor);
        var half = NumberValue.Create(5, 1);
        var integer = floor.ToBigInteger();
        var c = NumberValue.Compare(fraction, half);
        if (c > 0 || (c == 0 && !integer.IsEven)) integer += 1;
        var negative = integer.Sign < 0;
        var digits = BigInteger.Abs(integer).ToString(CultureInfo.InvariantCulture).PadLeft(places + 1, '0');
        var text = places == 0 ? digits : digits[..^places] + "." + digits[^places..];
        return negative || (number.Sign < 0 && integer.IsZero && places > 0) ? "-" + text : text;
    }

    /// <summary>.NET writes exponents as <c>e+006</c>; Go writes <c>e+06</c>.</summary>
    private static string GoExponent(string text)
    {
        var e = text.IndexOfAny(['e', 'E']);
        if (e < 0) return text;
        var sign = text[e + 1] is '+' or '-' ? text[e + 1].ToString() : "+";
        var digits = text[(e + 1)..].TrimStart('+', '-').TrimStart('0').PadLeft(2, '0');
        return text[..(e + 1)] + sign + digits;
    }
}
