namespace Gatehouse.Policy.Builtins;

/// <summary>
/// A static type in a builtin's declared signature, in the vocabulary of OPA's type checker (any, null, boolean,
/// number, string, array[T], set[T], object[K: V], and unions). Only declarations for now; a type checker can use them later.
/// </summary>
public abstract record RegoType
{
    /// <summary>Any value.</summary>
    public static readonly RegoType Any = new Named("any");
    /// <summary>null.</summary>
    public static readonly RegoType Null = new Named("null");
    /// <summary>boolean.</summary>
    public static readonly RegoType Boolean = new Named("boolean");
    /// <summary>number.</summary>
    public static readonly RegoType Number = new Named("number");
    /// <summary>string.</summary>
    public static readonly RegoType String = new Named("string");

    /// <summary>An array of <paramref name="element"/>.</summary>
    public static RegoType ArrayOf(RegoType element) => new Collection("array", element);
    /// <summary>A set of <paramref name="element"/>.</summary>
    public static RegoType SetOf(RegoType element) => new Collection("set", element);
    /// <summary>An object from <paramref name="key"/> to <paramref name="value"/>.</summary>
    public static RegoType ObjectOf(RegoType key, RegoType value) => new Map(key, value);
    /// <summary>One of several types.</summary>
    public static RegoType AnyOf(params RegoType[] types) => new Union(types);

    /// <summary>A scalar or <c>any</c>.</summary>
    public sealed record Named(string Name) : RegoType
    {
        /// <inheritdoc />
        public override string ToString() => Name;
    }

    /// <summary>An array or set with an element type.</summary>
    public sealed record Collection(string Name, RegoType Element) : RegoType
    {
        /// <inheritdoc />
        public override string ToString() => $"{Name}[{Element}]";
    }

    /// <summary>An object with key and value types.</summary>
    public sealed record Map(RegoType Key, RegoType Value) : RegoType
    {
        /// <inheritdoc />
        public override string ToString() => $"object[{Key}: {Value}]";
    }

    /// <summary>A union.</summary>
    public sealed record Union(IReadOnlyList<RegoType> Types) : RegoType
    {
        /// <inheritdoc />
        public override string ToString() => "any<" + string.Join(", ", Types) + ">";
    }
}

/// <summary>A builtin's declared operand types and result type.</summary>
/// <param name="Parameters">One type per operand, in order.</param>
/// <param name="Result">The result type.</param>
/// <param name="Variadic">When set, any number of further operands of this type may follow (e.g. <c>print</c>).</param>
public sealed record BuiltinSignature(IReadOnlyList<RegoType> Parameters, RegoType Result, RegoType? Variadic = null)
{
    /// <summary>A signature with <paramref name="parameters"/> returning <paramref name="result"/>.</summary>
    public static BuiltinSignature Of(RegoType result, params RegoType[] parameters) => new(parameters, result);
}
