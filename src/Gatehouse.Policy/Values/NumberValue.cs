using System.Globalization;
using System.Numerics;
using System.Text;

namespace Gatehouse.Policy.Values;

/// <summary>
/// An arbitrary-precision Rego number, stored exactly as <c>Unscaled × 10^-Scale</c> with trailing zeros removed,
/// so <c>1</c>, <c>1.0</c> and <c>10e-1</c> are one value. Integers are exact at any size; decimal literals are exact;
/// addition, subtraction and multiplication are exact; a division whose quotient has no finite decimal expansion is
/// rounded to the nearest double, as OPA does. Comparisons are exact.
/// </summary>
public sealed class NumberValue : Value
{
    private const int MaxExponent = 100_000;
    private static readonly NumberValue[] SmallIntegers = Enumerable.Range(-16, 273).Select(i => new NumberValue(i, 0)).ToArray();

    /// <summary>Zero.</summary>
    public static readonly NumberValue Zero = Of(0);

    /// <summary>One.</summary>
    public static readonly NumberValue One = Of(1);

    private readonly int _hash;

    private NumberValue(BigInteger unscaled, int scale)
    {
        Unscaled = unscaled;
        Scale = scale;
        _hash = HashCode.Combine(unscaled, scale);
    }

    /// <summary>The digits of the number without its decimal point (normalized: no trailing zeros unless zero).</summary>
    public BigInteger Unscaled { get; }

    /// <summary>How many places the decimal point sits left of <see cref="Unscaled"/>'s end (negative: zeros to append).</summary>
    public int Scale { get; }

    /// <inheritdoc />
    public override ValueKind Kind => ValueKind.Number;

    /// <summary>Whether the number is an integer.</summary>
    public bool IsInteger => Scale <= 0;

    /// <summary>The sign: -1, 0 or 1.</summary>
    public int Sign => Unscaled.Sign;

    /// <summary>An integer.</summary>
    public static NumberValue Of(long value) =>
        value is >= -16 and <= 256 ? SmallIntegers[value + 16] : Create(value, 0);

    /// <summary>An integer.</summary>
    public static NumberValue Of(BigInteger value) =>
        value >= -16 && value <= 256 ? SmallIntegers[(int)value + 16] : Create(value, 0);

    /// <summary>The exact value of a decimal.</summary>
    public static NumberValue Of(decimal value) => Parse(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// The shortest decimal that round-trips to <paramref name="value"/>. Throws for NaN and infinities, which Rego has not.
    /// </summary>
    public static NumberValue Of(double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), "Rego numbers are finite.");
        if (value == Math.Floor(value) && Math.Abs(value) < 1e15) return Of((long)value);
        return Parse(value.ToString("R", CultureInfo.InvariantCulture));
    }

    /// <summary>Builds <c>unscaled × 10^-scale</c>, normalizing trailing zeros away.</summary>
    public static NumberValue Create(BigInteger unscaled, int scale)
    {
        if (unscaled.IsZero) return Zero ?? new NumberValue(BigInteger.Zero, 0);
        while (true)
        {
            var quotient = BigInteger.DivRem(unscaled, 10, out var remainder);
            if (!remainder.IsZero) break;
            unscaled = quotient;
            scale--;
        }
        if (scale == 0 && unscaled >= -16 && unscaled <= 256 && SmallIntegers is not null && SmallIntegers[(int)unscaled + 16] is { } cached)
            return cached;
        return new NumberValue(unscaled, scale);
    }

    /// <summary>Parses a JSON or Rego number literal (<c>-12</c>, <c>3.25</c>, <c>1e-3</c>, <c>.5</c>).</summary>
    public static NumberValue Parse(string text) =>
        TryParse(text, out var number) ? number : throw new FormatException($"invalid number: {text}");

    /// <summary>Parses a JSON or Rego number literal; false when <paramref name="text"/> is not one.</summary>
    public static bool TryParse(string text, out NumberValue number)
    {
        number = Zero;
        var span = text.AsSpan().Trim();
        if (span.IsEmpty) return false;
        var exponent = 0;
        var e = span.IndexOfAny('e', 'E');
        if (e >= 0)
        {
            if (!int.TryParse(span[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent)
                || Math.Abs(exponent) > MaxExponent)
                return false;
            span = span[..e];
        }
        var negative = false;
        if (span.Length > 0 && (span[0] == '-' || span[0] == '+'))
        {
            negative = span[0] == '-';
            span = span[1..];
        }
        var dot = span.IndexOf('.');
        ReadOnlySpan<char> whole = dot >= 0 ? span[..dot] : span;
        ReadOnlySpan<char> fraction = dot >= 0 ? span[(dot + 1)..] : [];
        if (whole.IsEmpty && fraction.IsEmpty) return false;
        foreach (var c in whole) if (!char.IsAsciiDigit(c)) return false;
        foreach (var c in fraction) if (!char.IsAsciiDigit(c)) return false;
        var digits = string.Concat(whole, fraction);
        var unscaled = digits.Length == 0 ? BigInteger.Zero : BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        if (negative) unscaled = -unscaled;
        number = Create(unscaled, fraction.Length - exponent);
        return true;
    }

    /// <summary>The integer value; throws if the number is not an integer.</summary>
    public BigInteger ToBigInteger() =>
        IsInteger ? Unscaled * BigInteger.Pow(10, -Scale) : throw new InvalidOperationException($"{this} is not an integer");

    /// <summary>The value as an <see cref="int"/> when it is an integer in range.</summary>
    public bool TryGetInt32(out int value)
    {
        value = 0;
        if (!IsInteger || Scale < -10) return false;
        var integer = ToBigInteger();
        if (integer < int.MinValue || integer > int.MaxValue) return false;
        value = (int)integer;
        return true;
    }

    /// <summary>The value as a <see cref="long"/> when it is an integer in range.</summary>
    public bool TryGetInt64(out long value)
    {
        value = 0;
        if (!IsInteger || Scale < -19) return false;
        var integer = ToBigInteger();
        if (integer < long.MinValue || integer > long.MaxValue) return false;
        value = (long)integer;
        return true;
    }

    /// <summary>The nearest double (may be infinite for huge values).</summary>
    public double ToDouble() => double.Parse(ToPlainString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <inheritdoc />
    protected override int CompareSameKind(Value other) => Compare(this, (NumberValue)other);

    /// <summary>Exact comparison.</summary>
    public static int Compare(NumberValue left, NumberValue right)
    {
        if (left.Scale == right.Scale) return left.Unscaled.CompareTo(right.Unscaled);
        if (left.Sign != right.Sign) return left.Sign.CompareTo(right.Sign);
        var (a, b) = Align(left, right, out _);
        return a.CompareTo(b);
    }

    /// <inheritdoc />
    protected override bool EqualsSameKind(Value other)
    {
        var number = (NumberValue)other;
        return Scale == number.Scale && Unscaled.Equals(number.Unscaled);
    }

    /// <inheritdoc />
    public override int GetHashCode() => _hash;

    private static (BigInteger Left, BigInteger Right) Align(NumberValue left, NumberValue right, out int scale)
    {
        scale = Math.Max(left.Scale, right.Scale);
        return (left.Unscaled * BigInteger.Pow(10, scale - left.Scale), right.Unscaled * BigInteger.Pow(10, scale - right.Scale));
    }

    /// <summary>Exact sum.</summary>
    public NumberValue Add(NumberValue other)
    {
        var (a, b) = Align(this, other, out var scale);
        return Create(a + b, scale);
    }

    /// <summary>Exact difference.</summary>
    public NumberValue Subtract(NumberValue other)
    {
        var (a, b) = Align(this, other, out var scale);
        return Create(a - b, scale);
    }

    /// <summary>Exact product.</summary>
    public NumberValue Multiply(NumberValue other) => Create(Unscaled * other.Unscaled, Scale + other.Scale);

    /// <summary>The negation.</summary>
    public NumberValue Negate() => Create(-Unscaled, Scale);

    /// <summary>The absolute value.</summary>
    public NumberValue Abs() => Sign < 0 ? Negate() : this;

    /// <summary>
    /// The quotient: exact when it has a finite decimal expansion, otherwise the nearest double (OPA's behavior).
    /// Throws <see cref="DivideByZeroException"/> for a zero divisor.
    /// </summary>
    public NumberValue Divide(NumberValue divisor)
    {
        if (divisor.Sign == 0) throw new DivideByZeroException();
        var (a, b) = Align(this, divisor, out _);
        var gcd = BigInteger.GreatestCommonDivisor(a, b);
        a /= gcd;
        b /= gcd;
        if (b.Sign < 0) { a = -a; b = -b; }
        // A reduced fraction terminates iff its denominator has no prime factors but 2 and 5.
        var rest = b;
        int twos = 0, fives = 0;
        while (rest.IsEven) { rest >>= 1; twos++; }
        while ((rest % 5).IsZero) { rest /= 5; fives++; }
        if (rest.IsOne && Math.Max(twos, fives) <= 400)
        {
            var places = Math.Max(twos, fives);
            return Create(a * BigInteger.Pow(10, places) / b, places);
        }
        // Non-terminating: 40 significant digits, then the nearest double's shortest form.
        var shift = 40 + (int)Math.Max(0, Math.Ceiling(BigInteger.Log10(BigInteger.Abs(b))) - Math.Floor(BigInteger.Log10(BigInteger.Abs(a))));
        var approx = Create(a * BigInteger.Pow(10, shift) / b, shift);
        var asDouble = approx.ToDouble();
        return double.IsFinite(asDouble) ? Of(asDouble) : approx;
    }

    /// <summary>
    /// The remainder of integer division, truncated toward zero like Go's <c>%</c>. Both operands must be integers.
    /// </summary>
    public NumberValue Remainder(NumberValue divisor)
    {
        if (divisor.Sign == 0) throw new DivideByZeroException();
        return Of(BigInteger.Remainder(ToBigInteger(), divisor.ToBigInteger()));
    }

    /// <summary>The largest integer not above this number.</summary>
    public NumberValue Floor()
    {
        if (IsInteger) return this;
        var divisor = BigInteger.Pow(10, Scale);
        var quotient = BigInteger.DivRem(Unscaled, divisor, out var remainder);
        return Of(remainder.Sign < 0 ? quotient - 1 : quotient);
    }

    /// <summary>The smallest integer not below this number.</summary>
    public NumberValue Ceiling() => Negate().Floor().Negate();

    /// <summary>Rounds half away from zero, like OPA's <c>round</c>.</summary>
    public NumberValue Round()
    {
        if (IsInteger) return this;
        var half = Create(5, 1);
        return Sign < 0 ? Abs().Add(half).Floor().Negate() : Add(half).Floor();
    }

    /// <summary>The digits without exponent notation (<c>1500</c>, <c>0.0025</c>).</summary>
    public string ToPlainString()
    {
        if (Scale <= 0) return (Unscaled * BigInteger.Pow(10, -Scale)).ToString(CultureInfo.InvariantCulture);
        var digits = BigInteger.Abs(Unscaled).ToString(CultureInfo.InvariantCulture);
        if (digits.Length <= Scale) digits = new string('0', Scale - digits.Length + 1) + digits;
        var point = digits.Length - Scale;
        return (Sign < 0 ? "-" : "") + digits[..point] + "." + digits[point..];
    }

    /// <inheritdoc />
    public override void WriteRego(StringBuilder builder)
    {
        var digitCount = BigInteger.Abs(Unscaled).ToString(CultureInfo.InvariantCulture).Length;
        var exponent = digitCount - 1 - Scale; // position of the leading digit
        if (exponent is > 40 or < -20)
        {
            var digits = BigInteger.Abs(Unscaled).ToString(CultureInfo.InvariantCulture);
            if (Sign < 0) builder.Append('-');
            builder.Append(digits[0]);
            if (digits.Length > 1) builder.Append('.').Append(digits, 1, digits.Length - 1);
            builder.Append('e').Append(exponent < 0 ? '-' : '+').Append(Math.Abs(exponent).ToString(CultureInfo.InvariantCulture));
            return;
        }
        builder.Append(ToPlainString());
    }
}
