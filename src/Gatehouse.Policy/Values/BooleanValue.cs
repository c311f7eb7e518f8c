using System.Text;

namespace Gatehouse.Policy.Values;

/// <summary>A Rego boolean; <c>false</c> sorts before <c>true</c>.</summary>
public sealed class BooleanValue : Value
{
    /// <summary><c>true</c>.</summary>
    public static readonly BooleanValue True = new(true);

    /// <summary><c>false</c>.</summary>
    public static readonly BooleanValue False = new(false);

    private BooleanValue(bool value) => Value = value;

    /// <summary>The shared instance for <paramref name="value"/>.</summary>
    public static BooleanValue Of(bool value) => value ? True : False;

    /// <summary>The boolean.</summary>
    public bool Value { get; }

    /// <inheritdoc />
    public override ValueKind Kind => ValueKind.Boolean;

    /// <inheritdoc />
    protected override int CompareSameKind(Value other) => Value.CompareTo(((BooleanValue)other).Value);

    /// <inheritdoc />
    protected override bool EqualsSameKind(Value other) => Value == ((BooleanValue)other).Value;

    /// <inheritdoc />
    public override int GetHashCode() => Value ? 0x7472 : 0x6661;

    /// <inheritdoc />
    public override void WriteRego(StringBuilder builder) => builder.Append(Value ? "true" : "false");
}
