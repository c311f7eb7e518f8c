using System.Text;

namespace Gatehouse.Policy.Values;

/// <summary>The Rego <c>null</c>.</summary>
public sealed class NullValue : Value
{
    /// <summary>The single null value.</summary>
    public static readonly NullValue Instance = new();

    private NullValue() { }

    /// <inheritdoc />
    public override ValueKind Kind => ValueKind.Null;

    /// <inheritdoc />
    protected override int CompareSameKind(Value other) => 0;

    /// <inheritdoc />
    protected override bool EqualsSameKind(Value other) => true;

    /// <inheritdoc />
    public override int GetHashCode() => 0x6e756c6c;

    /// <inheritdoc />
    public override void WriteRego(StringBuilder builder) => builder.Append("null");
}
