using System.Numerics;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Builtins;

/// <summary>
/// Operand readers for the cases <see cref="Operand"/> does not cover, with OPA's exact wording: type lists in the
/// order OPA prints them (not sorted), collections that must hold strings, and integer-only numbers.
/// </summary>
internal static class OperandChecks
{
    /// <summary><c>{name}: operand N must be one of {a, b, c} but got T</c>, with the types in the given order.</summary>
    public static BuiltinException OneOf(string name, int index, Value actual, string orderedTypes) =>
        BuiltinException.OperandType(name, index + 1, "one of {" + orderedTypes + "}", actual.TypeName);

    /// <summary><c>{name}: operand N must be array of strings but got array containing number</c>.</summary>
    public static BuiltinException ElementType(string name, int index, Value collection, Value element, string expected) =>
        BuiltinException.OperandType(name, index + 1, $"{collection.TypeName} of {expected}s", $"{collection.TypeName} containing {element.TypeName}");

    /// <summary>The strings of an array or set operand, or the error naming the first non-string element.</summary>
    public static List<string> Strings(string name, Value collection, int index, IEnumerable<Value> items)
    {
        var result = new List<string>();
        foreach (var item in items)
            result.Add(item is StringValue s ? s.Value : throw ElementType(name, index, collection, item, "string"));
        return result;
    }

    /// <summary>
    /// A string, or the strings of an array or set: <c>operand N must be one of {string, set, array}</c> otherwise.
    /// </summary>
    public static List<string> StringOrCollection(string name, ReadOnlySpan<Value> operands, int index) => operands[index] switch
    {
        StringValue s => [s.Value],
        ArrayValue a => Strings(name, a, index, a),
        SetValue set => Strings(name, set, index, set),
        var other => throw OneOf(name, index, other, "string, set, array"),
    };

    /// <summary>The operand as an integer: <c>operand N must be integer number but got floating-point number</c> otherwise.</summary>
    public static BigInteger Integer(string name, ReadOnlySpan<Value> operands, int index)
    {
        var number = Operand.Number(name, operands, index);
        return number.IsInteger
            ? number.ToBigInteger()
            : throw BuiltinException.OperandType(name, index + 1, "integer number", "floating-point number");
    }

    /// <summary>
    /// The operand as an <see cref="int"/>, with OPA's wording when it is not a number, or is fractional or out of range:
    /// <c>operand N must be integer number but got floating-point number</c>.
    /// </summary>
    public static int Int32(string name, ReadOnlySpan<Value> operands, int index) =>
        Operand.Number(name, operands, index).TryGetInt32(out var value)
            ? value
            : throw BuiltinException.OperandType(name, index + 1, "integer number", "floating-point number");
}
