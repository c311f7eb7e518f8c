using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Builtins;

/// <summary><c>object.get object.keys object.remove object.filter object.union object.union_n object.subset</c>.</summary>
public static class Objects
{
    private static readonly RegoType AnyObject = RegoType.ObjectOf(RegoType.Any, RegoType.Any);

    /// <summary>Registers the family.</summary>
    public static void Register(BuiltinRegistry registry)
    {
        var keys = RegoType.AnyOf(RegoType.ArrayOf(RegoType.Any), RegoType.SetOf(RegoType.Any), AnyObject);
        registry.Register("object.get", BuiltinSignature.Of(RegoType.Any, AnyObject, RegoType.Any, RegoType.Any), Get);
        registry.Register("object.keys", BuiltinSignature.Of(RegoType.SetOf(RegoType.Any), AnyObject),
            (o, _) => SetValue.Of(Operand.Object("object.keys", o, 0).Keys));
        registry.Register("object.remove", BuiltinSignature.Of(AnyObject, AnyObject, keys), (o, _) =>
        {
            var source = Operand.Object("object.remove", o, 0);
            var removed = KeySet("object.remove", o);
            return ObjectValue.Of(source.Where(p => !removed.Contains(p.Key)));
        });
        registry.Register("object.filter", BuiltinSignature.Of(AnyObject, AnyObject, keys), (o, _) =>
        {
            var source = Operand.Object("object.filter", o, 0);
            var kept = KeySet("object.filter", o);
            return ObjectValue.Of(source.Where(p => kept.Contains(p.Key)));
        });
        registry.Register("object.union", BuiltinSignature.Of(AnyObject, AnyObject, AnyObject),
            (o, _) => Union(Operand.Object("object.union", o, 0), Operand.Object("object.union", o, 1)));
        registry.Register("object.union_n", BuiltinSignature.Of(AnyObject, RegoType.ArrayOf(AnyObject)), (o, _) =>
        {
            var array = Operand.Array("object.union_n", o, 0);
            var result = ObjectValue.Empty;
            foreach (var item in array)
                result = Union(result, item as ObjectValue ?? throw OperandChecks.ElementType("object.union_n", 0, array, item, "object"));
            return result;
        });
        var subsetOperand = RegoType.AnyOf(AnyObject, RegoType.ArrayOf(RegoType.Any), RegoType.SetOf(RegoType.Any));
        registry.Register("object.subset", BuiltinSignature.Of(RegoType.Boolean, subsetOperand, subsetOperand), Subset);
    }

    private static Value Get(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        var source = Operand.Object("object.get", operands, 0);
        var fallback = operands[2];
        if (operands[1] is not ArrayValue path) return source.Get(operands[1]) ?? fallback;
        Value current = source;
        foreach (var segment in path)
        {
            var next = Child(current, segment);
            if (next is null) return fallback;
            current = next;
        }
        return current;
    }

    /// <summary>The child of a collection under <paramref name="key"/> (an array index, object key or set member), or null.</summary>
    internal static Value? Child(Value collection, Value key) => collection switch
    {
        ObjectValue o => o.Get(key),
        ArrayValue a when key is NumberValue n && n.TryGetInt32(out var i) && i >= 0 && i < a.Count => a[i],
        SetValue s when s.Contains(key) => key,
        _ => null,
    };

    private static HashSet<Value> KeySet(string name, ReadOnlySpan<Value> operands) => operands[1] switch
    {
        ArrayValue a => [.. a],
        SetValue s => [.. s],
        ObjectValue o => [.. o.Keys],
        var other => throw OperandChecks.OneOf(name, 1, other, "object, set, array"),
    };

    /// <summary>Merges <paramref name="right"/> into <paramref name="left"/>: nested objects merge, anything else from the right wins.</summary>
    internal static ObjectValue Union(ObjectValue left, ObjectValue right)
    {
        if (left.Count == 0) return right;
        if (right.Count == 0) return left;
        var merged = new Dictionary<Value, Value>();
        foreach (var (key, value) in left) merged[key] = value;
        foreach (var (key, value) in right)
            merged[key] = merged.TryGetValue(key, out var existing) && existing is ObjectValue a && value is ObjectValue b ? Union(a, b) : value;
        return ObjectValue.FromOwned(merged);
    }

    private static Value Subset(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        var (super, sub) = (operands[0], operands[1]);
        return (super, sub) switch
        {
            (ObjectValue a, ObjectValue b) => BooleanValue.Of(ObjectSubset(a, b)),
            (SetValue a, SetValue b) => BooleanValue.Of(b.IsSubsetOf(a)),
            (ArrayValue a, ArrayValue b) => BooleanValue.Of(ContainsRun(a, b)),
            (ArrayValue a, SetValue b) => BooleanValue.Of(ArrayHoldsSet(a, b)),
            _ => throw BuiltinException.TypeError("object.subset", "both arguments object.subset must be of the same type or array and set"),
        };
    }

    /// <summary>
    /// Every key of <paramref name="sub"/> is in <paramref name="super"/> with an equal value, or with a value of the
    /// same kind that is itself a subset (objects recursively, sets by membership, arrays as a contiguous run).
    /// </summary>
    private static bool ObjectSubset(ObjectValue super, ObjectValue sub)
    {
        foreach (var (key, value) in sub)
        {
            var have = super.Get(key);
            var ok = have is not null && (have.Equals(value) || (have, value) switch
            {
                (ObjectValue a, ObjectValue b) => ObjectSubset(a, b),
                (SetValue a, SetValue b) => b.IsSubsetOf(a),
                (ArrayValue a, ArrayValue b) => ContainsRun(a, b),
                _ => false,
            });
            if (!ok) return false;
        }
        return true;
    }

    /// <summary>Whether <paramref name="run"/> appears contiguously, in order, within <paramref name="array"/>.</summary>
    private static bool ContainsRun(ArrayValue array, ArrayValue run)
    {
        if (run.Count > array.Count) return false;
        for (var start = 0; start + run.Count <= array.Count; start++)
        {
            var matched = 0;
            while (matched < run.Count && array[start + matched].Equals(run[matched])) matched++;
            if (matched == run.Count) return true;
        }
        return false;
    }

    /// <summary>
    /// OPA's array-holds-set test: walk the array counting elements that are set members until the count reaches the
    /// set's size. So an empty array never holds anything, and repeated array elements count more than once.
    /// </summary>
    private static bool ArrayHoldsSet(ArrayValue array, SetValue set)
    {
        var unmatched = set.Count;
        foreach (var item in array)
        {
            if (set.Contains(item)) unmatched--;
            if (unmatched <= 0) return true;
        }
        return false;
    }
}
