using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Builtins;

/// <summary>
/// Reads typed operands and throws OPA's operand type errors when an operand has the wrong type.
/// Indices are 0-based here; messages use OPA's 1-based positions.
/// </summary>
public static class Operand
{
    /// <summary>The operand as a number.</summary>
    public static NumberValue Number(string builtin, ReadOnlySpan<Value> operands, int index) =>
        operands[index] as NumberValue ?? throw Mismatch(builtin, index, operands[index], ValueKind.Number);

    /// <summary>The operand as an integer that fits an <see cref="int"/>.</summary>
    public static int Int32(string builtin, ReadOnlySpan<Value> operands, int index)
    {
        var number = Number(builtin, operands, index);
        return number.TryGetInt32(out var value)
            ? value
            : throw BuiltinException.OperandType(builtin, index + 1, "integer", "number");
    }

    /// <summary>The operand's string contents.</summary>
    public static string String(string builtin, ReadOnlySpan<Value> operands, int index) =>
        (operands[index] as StringValue ?? throw Mismatch(builtin, index, operands[index], ValueKind.String)).Value;

    /// <summary>The operand as a boolean.</summary>
    public static bool Boolean(string builtin, ReadOnlySpan<Value> operands, int index) =>
        (operands[index] as BooleanValue ?? throw Mismatch(builtin, index, operands[index], ValueKind.Boolean)).Value;

    /// <summary>The operand as an array.</summary>
    public static ArrayValue Array(string builtin, ReadOnlySpan<Value> operands, int index) =>
        operands[index] as ArrayValue ?? throw Mismatch(builtin, index, operands[index], ValueKind.Array);

    /// <summary>The operand as a set.</summary>
    public static SetValue Set(string builtin, ReadOnlySpan<Value> operands, int index) =>
        operands[index] as SetValue ?? throw Mismatch(builtin, index, operands[index], ValueKind.Set);

    /// <summary>The operand as an object.</summary>
    public static ObjectValue Object(string builtin, ReadOnlySpan<Value> operands, int index) =>
        operands[index] as ObjectValue ?? throw Mismatch(builtin, index, operands[index], ValueKind.Object);

    /// <summary>The elements of an array or set operand (sets in sorted order).</summary>
    public static IReadOnlyList<Value> ArrayOrSet(string builtin, ReadOnlySpan<Value> operands, int index) => operands[index] switch
    {
        ArrayValue array => array,
        SetValue set => set.Sorted,
        var other => throw Mismatch(builtin, index, other, ValueKind.Array, ValueKind.Set),
    };

    /// <summary>
    /// The error for an operand of the wrong type: <c>operand N must be T but got U</c>, or
    /// <c>must be one of {T1, T2}</c> (names sorted, as OPA prints them) when several types are accepted.
    /// </summary>
    public static BuiltinException Mismatch(string builtin, int index, Value actual, params ValueKind[] expected)
    {
        var names = expected.Select(Value.TypeNameOf).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        var wanted = names.Length == 1 ? names[0] : "one of {" + string.Join(", ", names) + "}";
        return BuiltinException.OperandType(builtin, index + 1, wanted, actual.TypeName);
    }
}
