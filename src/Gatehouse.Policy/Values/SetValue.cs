using System.Collections;
using System.Text;

namespace Gatehouse.Policy.Values;

/// <summary>
/// An immutable Rego set. Sets enumerate, compare and print in sorted order (OPA's total order), so output is deterministic.
/// </summary>
public sealed class SetValue : Value, IReadOnlyCollection<Value>
{
    /// <summary>The empty set.</summary>
    public static readonly SetValue Empty = new(new HashSet<Value>());

    private readonly HashSet<Value> _items;
    private Value[]? _sorted;
    private int _hash;

    private SetValue(HashSet<Value> items) => _items = items;

    /// <summary>A set of <paramref name="items"/> (duplicates collapse).</summary>
    public static SetValue Of(IEnumerable<Value> items)
    {
        var set = new HashSet<Value>(items);
        return set.Count == 0 ? Empty : new SetValue(set);
    }

    /// <summary>A set of <paramref name="items"/> (duplicates collapse).</summary>
    public static SetValue Of(params Value[] items) => Of((IEnumerable<Value>)items);

    /// <summary>Takes over a hash set built by the caller; do not modify it afterwards.</summary>
    public static SetValue FromOwned(HashSet<Value> items) => items.Count == 0 ? Empty : new SetValue(items);

    /// <inheritdoc />
    public override ValueKind Kind => ValueKind.Set;

    /// <inheritdoc />
    public int Count => _items.Count;

    /// <summary>Whether the set holds <paramref name="item"/>.</summary>
    public bool Contains(Value item) => _items.Contains(item);

    /// <summary>The elements in sorted order.</summary>
    public IReadOnlyList<Value> Sorted
    {
        get
        {
            if (_sorted is { } sorted) return sorted;
            var array = _items.ToArray();
            Array.Sort(array);
            return _sorted = array;
        }
    }

    /// <summary>The union with <paramref name="other"/>.</summary>
    public SetValue Union(SetValue other)
    {
        if (other.Count == 0) return this;
        if (Count == 0) return other;
        var result = new HashSet<Value>(_items);
        result.UnionWith(other._items);
        return new SetValue(result);
    }

    /// <summary>The intersection with <paramref name="other"/>.</summary>
    public SetValue Intersect(SetValue other)
    {
        var result = new HashSet<Value>(_items);
        result.IntersectWith(other._items);
        return FromOwned(result);
    }

    /// <summary>The elements of this set not in <paramref name="other"/>.</summary>
    public SetValue Except(SetValue other)
    {
        var result = new HashSet<Value>(_items);
        result.ExceptWith(other._items);
        return FromOwned(result);
    }

    /// <summary>Whether every element of this set is in <paramref name="other"/>.</summary>
    public bool IsSubsetOf(SetValue other) => _items.IsSubsetOf(other._items);

    /// <inheritdoc />
    public IEnumerator<Value> GetEnumerator() => Sorted.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    protected override int CompareSameKind(Value other) =>
        ArrayValue.CompareSequences((Value[])Sorted, (Value[])((SetValue)other).Sorted);

    /// <inheritdoc />
    protected override bool EqualsSameKind(Value other)
    {
        var set = (SetValue)other;
        return set.Count == Count && GetHashCode() == set.GetHashCode() && _items.SetEquals(set._items);
    }

    /// <inheritdoc />
    public override int GetHashCode()
    {
        if (_hash != 0) return _hash;
        var hash = (int)ValueKind.Set * 7919;
        foreach (var item in _items) hash += item.GetHashCode(); // order-independent
        return _hash = hash == 0 ? 1 : hash;
    }

    /// <inheritdoc />
    public override void WriteRego(StringBuilder builder)
    {
        if (Count == 0)
        {
            builder.Append("set()");
            return;
        }
        builder.Append('{');
        var first = true;
        foreach (var item in Sorted)
        {
            if (!first) builder.Append(", ");
            first = false;
            item.WriteRego(builder);
        }
        builder.Append('}');
    }
}
