using System.Text;

namespace Gatehouse.Policy.Values;

/// <summary>
/// The kinds of Rego values, declared in OPA's total order: values of a lower kind sort before values of a higher one.
/// </summary>
public enum ValueKind
{
    /// <summary><c>null</c>.</summary>
    Null = 0,
    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean = 1,
    /// <summary>An arbitrary-precision number.</summary>
    Number = 2,
    /// <summary>A string.</summary>
    String = 3,
    /// <summary>An array.</summary>
    Array = 4,
    /// <summary>An object whose keys may be any value.</summary>
    Object = 5,
    /// <summary>A set.</summary>
    Set = 6,
}

/// <summary>
/// An immutable Rego value. Values have structural equality and hashing, and a total order that matches OPA's
/// (null &lt; boolean &lt; number &lt; string &lt; array &lt; object &lt; set), so sets and object keys sort the way OPA sorts them.
/// <see cref="ToString"/> prints the value in Rego syntax, as OPA prints it (sets as <c>{1, 2}</c>, the empty set as <c>set()</c>).
/// </summary>
public abstract class Value : IEquatable<Value>, IComparable<Value>
{
    /// <summary>The kind of this value.</summary>
    public abstract ValueKind Kind { get; }

    /// <summary>The name OPA gives this value's type (<c>type_name</c>): null, boolean, number, string, array, object, set.</summary>
    public string TypeName => TypeNameOf(Kind);

    /// <summary>The OPA type name of a kind.</summary>
    public static string TypeNameOf(ValueKind kind) => kind switch
    {
        ValueKind.Null => "null",
        ValueKind.Boolean => "boolean",
        ValueKind.Number => "number",
        ValueKind.String => "string",
        ValueKind.Array => "array",
        ValueKind.Object => "object",
        _ => "set",
    };

    /// <summary>Compares with another value of the same kind; only called when kinds are equal.</summary>
    protected abstract int CompareSameKind(Value other);

    /// <summary>Structural equality with another value of the same kind; only called when kinds are equal.</summary>
    protected abstract bool EqualsSameKind(Value other);

    /// <summary>Appends the Rego-syntax form of this value.</summary>
    public abstract void WriteRego(StringBuilder builder);

    /// <inheritdoc />
    public int CompareTo(Value? other)
    {
        if (other is null) return 1;
        if (ReferenceEquals(this, other)) return 0;
        var byKind = Kind.CompareTo(other.Kind);
        return byKind != 0 ? byKind : CompareSameKind(other);
    }

    /// <inheritdoc />
    public bool Equals(Value? other) =>
        other is not null && (ReferenceEquals(this, other) || (Kind == other.Kind && EqualsSameKind(other)));

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Value other && Equals(other);

    /// <inheritdoc />
    public abstract override int GetHashCode();

    /// <summary>The value in Rego syntax, as OPA prints it.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        WriteRego(builder);
        return builder.ToString();
    }

    /// <summary>Structural equality.</summary>
    public static bool operator ==(Value? left, Value? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Structural inequality.</summary>
    public static bool operator !=(Value? left, Value? right) => !(left == right);

    /// <summary>OPA's total order.</summary>
    public static bool operator <(Value left, Value right) => left.CompareTo(right) < 0;

    /// <summary>OPA's total order.</summary>
    public static bool operator >(Value left, Value right) => left.CompareTo(right) > 0;

    /// <summary>OPA's total order.</summary>
    public static bool operator <=(Value left, Value right) => left.CompareTo(right) <= 0;

    /// <summary>OPA's total order.</summary>
    public static bool operator >=(Value left, Value right) => left.CompareTo(right) >= 0;

    /// <summary>A string value.</summary>
    public static implicit operator Value(string value) => new StringValue(value);

    /// <summary>A boolean value.</summary>
    public static implicit operator Value(bool value) => BooleanValue.Of(value);

    /// <summary>An integer value.</summary>
    public static implicit operator Value(long value) => NumberValue.Of(value);

    /// <summary>Whether this value is a collection (array, object or set).</summary>
    public bool IsCollection => Kind >= ValueKind.Array;
}
