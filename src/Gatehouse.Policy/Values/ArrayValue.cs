using System.Collections;
using System.Text;

namespace Gatehouse.Policy.Values;

/// <summary>An immutable Rego array. Arrays compare element by element, then by length.</summary>
public sealed class ArrayValue : Value, IReadOnlyList<Value>
{
    /// <summary>The empty array.</summary>
    public static readonly ArrayValue Empty = new([]);

    private readonly Value[] _items;
    private int _hash;

    /// <summary>Wraps <paramref name="items"/>; the array is taken over, so do not modify it afterwards.</summary>
    public ArrayValue(Value[] items) => _items = items;

    /// <summary>Copies <paramref name="items"/>.</summary>
    public ArrayValue(IEnumerable<Value> items) => _items = items.ToArray();

    /// <inheritdoc />
    public override ValueKind Kind => ValueKind.Array;

    /// <inheritdoc />
    public int Count => _items.Length;

    /// <inheritdoc />
    public Value this[int index] => _items[index];

    /// <summary>The elements as a span.</summary>
    public ReadOnlySpan<Value> AsSpan() => _items;

    /// <inheritdoc />
    public IEnumerator<Value> GetEnumerator() => ((IEnumerable<Value>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    /// <inheritdoc />
    protected override int CompareSameKind(Value other) => CompareSequences(_items, ((ArrayValue)other)._items);

    /// <summary>Lexicographic comparison of two sorted or ordered sequences, then by length.</summary>
    internal static int CompareSequences(ReadOnlySpan<Value> left, ReadOnlySpan<Value> right)
    {
        var length = Math.Min(left.Length, right.Length);
        for (var i = 0; i < length; i++)
        {
            var c = left[i].CompareTo(right[i]);
            if (c != 0) return c;
        }
        return left.Length.CompareTo(right.Length);
    }

    /// <inheritdoc />
    protected override bool EqualsSameKind(Value other)
    {
        var items = ((ArrayValue)other)._items;
        if (items.Length != _items.Length || GetHashCode() != other.GetHashCode()) return false;
        for (var i = 0; i < items.Length; i++)
            if (!_items[i].Equals(items[i])) return false;
        return true;
    }

    /// <inheritdoc />
    public override int GetHashCode()
    {
        if (_hash != 0) return _hash;
        var hash = new HashCode();
        hash.Add(ValueKind.Array);
        foreach (var item in _items) hash.Add(item.GetHashCode());
        var result = hash.ToHashCode();
        return _hash = result == 0 ? 1 : result;
    }

    /// <inheritdoc />
    public override void WriteRego(StringBuilder builder)
    {
        builder.Append('[');
        for (var i = 0; i < _items.Length; i++)
        {
            if (i > 0) builder.Append(", ");
            _items[i].WriteRego(builder);
        }
        builder.Append(']');
    }
}
