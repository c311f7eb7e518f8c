using System.Collections.Concurrent;
using Gatehouse.Policy.Compiler;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Eval;

/// <summary>
/// Memoised values of one rule-tree node that depends on a few parts of <c>input</c> only (see
/// <see cref="InputDependencies"/>): the value is stored per distinct value of those parts, so a per-role table or the
/// output action of every entity type is computed once per role set instead of once per request. Shared by every
/// query of an engine, so safe for concurrent use; values are immutable. The store is bounded, and a node whose values
/// rarely repeat (one keyed on the request's findings) switches itself off after a window of lookups, so memoising
/// never costs more than a key per lookup for long.
/// </summary>
internal sealed class InputKeyedValues
{
    /// <summary>The most distinct keys kept per node; later keys are computed per query.</summary>
    internal const int Capacity = 512;

    /// <summary>Lookups per judging window; a window with fewer than a quarter hits switches the node off.</summary>
    internal const int Window = 512;

    private readonly int[] _paths;
    private readonly ConcurrentDictionary<object, Value?> _values = new();
    private int _stored;
    private int _lookups;
    private int _hits;
    private volatile bool _disabled;

    /// <summary>A memo keyed on the input paths numbered <paramref name="paths"/> in the engine's list.</summary>
    public InputKeyedValues(int[] paths) => _paths = paths;

    /// <summary>Whether lookups still pay off.</summary>
    public bool Enabled => !_disabled;

    /// <summary>The key for one query: the value (or absence) of every path this node reads.</summary>
    public object KeyFor(InputParts input)
    {
        if (_paths.Length == 1) return input.Get(_paths[0]);
        var parts = new object[_paths.Length];
        for (var i = 0; i < parts.Length; i++) parts[i] = input.Get(_paths[i]);
        return new Key(parts);
    }

    /// <summary>The stored value for <paramref name="key"/>, counting the lookup towards the node's hit rate.</summary>
    public bool TryGet(object key, out Value? value)
    {
        var found = _values.TryGetValue(key, out value);
        if (found) Interlocked.Increment(ref _hits);
        if (Interlocked.Increment(ref _lookups) % Window == 0)
        {
            // Judge the window just finished; values already stored stay valid but are no longer consulted.
            var hits = Interlocked.Exchange(ref _hits, 0);
            if (hits < Window / 4) _disabled = true;
        }
        return found;
    }

    /// <summary>Stores a value computed for <paramref name="key"/> while there is room.</summary>
    public void Store(object key, Value? value)
    {
        // Counted here rather than asking the dictionary, whose Count takes every lock.
        if (Volatile.Read(ref _stored) < Capacity && _values.TryAdd(key, value)) Interlocked.Increment(ref _stored);
    }

    /// <summary>The values of several input paths, compared structurally.</summary>
    private sealed class Key : IEquatable<Key>
    {
        private readonly object[] _parts;
        private readonly int _hash;

        public Key(object[] parts)
        {
            _parts = parts;
            var hash = new HashCode();
            foreach (var part in parts) hash.Add(part);
            _hash = hash.ToHashCode();
        }

        public bool Equals(Key? other)
        {
            if (other is null || other._hash != _hash || other._parts.Length != _parts.Length) return false;
            for (var i = 0; i < _parts.Length; i++)
                if (!_parts[i].Equals(other._parts[i])) return false;
            return true;
        }

        public override bool Equals(object? obj) => obj is Key other && Equals(other);

        public override int GetHashCode() => _hash;
    }
}
