using System.Collections;
using System.Text;

namespace Gatehouse.Policy.Values;

/// <summary>
/// An immutable Rego object. Keys may be any value. Objects enumerate, compare and print with keys in sorted order.
/// </summary>
public sealed class ObjectValue : Value, IReadOnlyCollection<KeyValuePair<Value, Value>>
{
    /// <summary>The empty object.</summary>
    public static readonly ObjectValue Empty = new(new Dictionary<Value, Value>());

    private readonly Dictionary<Value, Value> _items;
    private Value[]? _sortedKeys;
    private int _hash;

    private ObjectValue(Dictionary<Value, Value> items) => _items = items;

    /// <summary>An object of <paramref name="pairs"/>; a later pair with an equal key replaces an earlier one.</summary>
    public static ObjectValue Of(IEnumerable<KeyValuePair<Value, Value>> pairs)
    {
        var items = new Dictionary<Value, Value>();
        foreach (var (key, value) in pairs) items[key] = value;
        return FromOwned(items);
    }

    /// <summary>An object with string keys.</summary>
    public static ObjectValue Of(params (string Key, Value Value)[] pairs) =>
        Of(pairs.Select(p => new KeyValuePair<Value, Value>(KeyNames.Lookup(p.Key), p.Value)));

    /// <summary>Takes over a dictionary built by the caller; do not modify it afterwards.</summary>
    public static ObjectValue FromOwned(Dictionary<Value, Value> items) => items.Count == 0 ? Empty : new ObjectValue(items);

    /// <inheritdoc />
    public override ValueKind Kind => ValueKind.Object;

    /// <inheritdoc />
    public int Count => _items.Count;

    /// <summary>The value under <paramref name="key"/>, or null when absent.</summary>
    public Value? Get(Value key) => _items.GetValueOrDefault(key);

    /// <summary>The value under a string key, or null when absent.</summary>
    public Value? Get(string key) => _items.GetValueOrDefault(KeyNames.Lookup(key));

    /// <summary>Whether <paramref name="key"/> is present.</summary>
    public bool ContainsKey(Value key) => _items.ContainsKey(key);

    /// <summary>The keys in sorted order.</summary>
    public IReadOnlyList<Value> Keys
    {
        get
        {
            if (_sortedKeys is { } keys) return keys;
            var array = _items.Keys.ToArray();
            Array.Sort(array);
            return _sortedKeys = array;
        }
    }

    /// <summary>A copy with <paramref name="key"/> set to <paramref name="value"/>.</summary>
    public ObjectValue With(Value key, Value value)
    {
        var items = new Dictionary<Value, Value>(_items) { [key] = value };
        return new ObjectValue(items);
    }

    /// <summary>A copy without <paramref name="key"/>.</summary>
    public ObjectValue Without(Value key)
    {
        if (!_items.ContainsKey(key)) return this;
        var items = new Dictionary<Value, Value>(_items);
        items.Remove(key);
        return FromOwned(items);
    }

    /// <summary>The pairs in key order.</summary>
    public IEnumerator<KeyValuePair<Value, Value>> GetEnumerator()
    {
        foreach (var key in Keys) yield return new KeyValuePair<Value, Value>(key, _items[key]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    protected override int CompareSameKind(Value other)
    {
        var that = (ObjectValue)other;
        var left = Keys;
        var right = that.Keys;
        var length = Math.Min(left.Count, right.Count);
        for (var i = 0; i < length; i++)
        {
            var c = left[i].CompareTo(right[i]);
            if (c != 0) return c;
            c = _items[left[i]].CompareTo(that._items[right[i]]);
            if (c != 0) return c;
        }
        return left.Count.CompareTo(right.Count);
    }

    /// <inheritdoc />
    protected override bool EqualsSameKind(Value other)
    {
        var that = (ObjectValue)other;
        if (that.Count != Count || GetHashCode() != that.GetHashCode()) return false;
        foreach (var (key, value) in _items)
            if (!that._items.TryGetValue(key, out var otherValue) || !value.Equals(otherValue)) return false;
        return true;
    }

    /// <inheritdoc />
    public override int GetHashCode()
    {
        if (_hash != 0) return _hash;
        var hash = (int)ValueKind.Object * 104729;
        foreach (var (key, value) in _items) hash += HashCode.Combine(key, value); // order-independent
        return _hash = hash == 0 ? 1 : hash;
    }

    /// <inheritdoc />
    public override void WriteRego(StringBuilder builder)
    {
        builder.Append('{');
        var first = true;
        foreach (var key in Keys)
        {
            if (!first) builder.Append(", ");
            first = false;
            key.WriteRego(builder);
            builder.Append(": ");
            _items[key].WriteRego(builder);
        }
        builder.Append('}');
    }
}
