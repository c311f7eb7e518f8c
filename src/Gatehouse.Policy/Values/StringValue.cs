using System.Globalization;
using System.Text;

namespace Gatehouse.Policy.Values;

/// <summary>A Rego string, ordered by code point like OPA's Go strings.</summary>
public sealed class StringValue : Value
{
    /// <summary>The empty string.</summary>
    public static readonly StringValue Empty = new(string.Empty);

    /// <summary>Wraps <paramref name="value"/>.</summary>
    public StringValue(string value) => Value = value ?? throw new ArgumentNullException(nameof(value));

    /// <summary>
    /// A string for use as an object key: the instance the loaded policies use for that name when they spell it (their
    /// selections then find it by reference), otherwise a new one. Hosts building inputs key their objects with this.
    /// </summary>
    public static StringValue OfKey(string name) => KeyNames.Lookup(name);

    /// <summary>The string.</summary>
    public string Value { get; }

    /// <inheritdoc />
    public override ValueKind Kind => ValueKind.String;

    /// <inheritdoc />
    protected override int CompareSameKind(Value other) => CompareByCodePoint(Value, ((StringValue)other).Value);

    /// <summary>
    /// Compares two strings by Unicode code point, which is the order of their UTF-8 bytes (Go's string order).
    /// Plain UTF-16 ordinal order differs only when a surrogate pair meets a code unit above U+D7FF.
    /// </summary>
    public static int CompareByCodePoint(string left, string right)
    {
        var length = Math.Min(left.Length, right.Length);
        for (var i = 0; i < length; i++)
        {
            var a = left[i];
            var b = right[i];
            if (a == b) continue;
            var aSurrogate = char.IsSurrogate(a);
            var bSurrogate = char.IsSurrogate(b);
            if (aSurrogate != bSurrogate) return aSurrogate ? 1 : -1; // a surrogate starts a code point above U+FFFF
            return a.CompareTo(b);
        }
        return left.Length.CompareTo(right.Length);
    }

    /// <inheritdoc />
    protected override bool EqualsSameKind(Value other) => string.Equals(Value, ((StringValue)other).Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        // Cached: strings are object keys, and every selection hashes its key.
        if (_hash != 0) return _hash;
        var hash = string.GetHashCode(Value, StringComparison.Ordinal);
        return _hash = hash == 0 ? 1 : hash;
    }

    private int _hash;

    /// <inheritdoc />
    public override void WriteRego(StringBuilder builder) => Quote(builder, Value);

    /// <summary>Appends <paramref name="text"/> as a double-quoted string with Go-style escapes.</summary>
    public static void Quote(StringBuilder builder, string text)
    {
        builder.Append('"');
        foreach (var rune in text.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                default:
                    if (rune.Value < 0x20 || rune.Value == 0x7f)
                        builder.Append("\\x").Append(rune.Value.ToString("x2", CultureInfo.InvariantCulture));
                    else
                        builder.Append(rune.ToString());
                    break;
            }
        }
        builder.Append('"');
    }

    /// <summary>The number of Unicode code points (what <c>count</c> returns for a string).</summary>
    public int CodePointCount
    {
        get
        {
            var count = 0;
            foreach (var _ in Value.EnumerateRunes()) count++;
            return count;
        }
    }
}
