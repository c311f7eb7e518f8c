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
    private readonly ConcurrentDictionary<object, Value?> _values = new(KeyComparer.Instance);
    private readonly ConcurrentDictionary<object, Value?>.AlternateLookup<ReadOnlySpan<object>> _byParts;
    private int _stored;
    private int _lookups;
    private int _hits;
    private volatile bool _disabled;

    /// <summary>A memo keyed on the input paths numbered <paramref name="paths"/> in the engine's list.</summary>
    public InputKeyedValues(int[] paths)
    {
        if (paths.Length > PartBuffer.Length) throw new ArgumentOutOfRangeException(nameof(paths), $"at most {PartBuffer.Length} input paths");
        _paths = paths;
        _byParts = _values.GetAlternateLookup<ReadOnlySpan<object>>();
    }

    /// <summary>Whether lookups still pay off.</summary>
    public bool Enabled => !_disabled;

    /// <summary>
    /// The stored value for this query's input parts, counting the lookup towards the node's hit rate. The parts are
    /// gathered on the stack: a lookup that hits allocates nothing.
    /// </summary>
    public bool TryGet(InputParts input, out Value? value)
    {
        bool found;
        if (_paths.Length == 1) found = _values.TryGetValue(input.Get(_paths[0]), out value);
        else
        {
            var buffer = new PartBuffer();
            found = _byParts.TryGetValue(Parts(input, buffer), out value);
        }
        if (found) Interlocked.Increment(ref _hits);
        if (Interlocked.Increment(ref _lookups) % Window == 0)
        {
            // Judge the window just finished; values already stored stay valid but are no longer consulted.
            var hits = Interlocked.Exchange(ref _hits, 0);
            if (hits < Window / 4) _disabled = true;
        }
        return found;
    }

    /// <summary>Stores a value computed for this query's input parts while there is room.</summary>
    public void Store(InputParts input, Value? value)
    {
        // Counted here rather than asking the dictionary, whose Count takes every lock.
        if (Volatile.Read(ref _stored) >= Capacity) return;
        var buffer = new PartBuffer();
        var key = _paths.Length == 1 ? input.Get(_paths[0]) : new Key(Parts(input, buffer).ToArray());
        if (_values.TryAdd(key, value)) Interlocked.Increment(ref _stored);
    }

    private ReadOnlySpan<object> Parts(InputParts input, Span<object> buffer)
    {
        for (var i = 0; i < _paths.Length; i++) buffer[i] = input.Get(_paths[i]);
        return buffer[.._paths.Length];
    }

    private static int HashOf(ReadOnlySpan<object> parts)
    {
        var hash = new HashCode();
        foreach (var part in parts) hash.Add(part);
        return hash.ToHashCode();
    }

    /// <summary>Room on the stack for the parts of one key (a node reads at most this many input paths).</summary>
    [System.Runtime.CompilerServices.InlineArray(Length)]
    private struct PartBuffer
    {
        public const int Length = 8;
        private object _first;
    }

    /// <summary>The values of several input paths, compared structurally.</summary>
    private sealed class Key(object[] parts)
    {
        public object[] Parts { get; } = parts;

        public int Hash { get; } = HashOf(parts);
    }

    /// <summary>Compares keys: single parts as themselves, several as <see cref="Key"/>s or as spans of parts.</summary>
    private sealed class KeyComparer : IEqualityComparer<object>, IAlternateEqualityComparer<ReadOnlySpan<object>, object>
    {
        public static readonly KeyComparer Instance = new();

        public new bool Equals(object? x, object? y) =>
            x is Key a && y is Key b ? a.Hash == b.Hash && SameParts(a.Parts, b.Parts) : object.Equals(x, y);

        public int GetHashCode(object obj) => obj is Key key ? key.Hash : obj.GetHashCode();

        // The dictionary has compared hash codes before it asks.
        public bool Equals(ReadOnlySpan<object> parts, object other) => other is Key key && SameParts(parts, key.Parts);

        private static bool SameParts(ReadOnlySpan<object> left, ReadOnlySpan<object> right)
        {
            if (left.Length != right.Length) return false;
            for (var i = 0; i < left.Length; i++)
                if (!left[i].Equals(right[i])) return false;
            return true;
        }

        public int GetHashCode(ReadOnlySpan<object> parts) => HashOf(parts);

        public object Create(ReadOnlySpan<object> parts) => new Key(parts.ToArray());
    }
}
