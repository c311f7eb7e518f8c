using System.Collections.Concurrent;

namespace Gatehouse.Policy.Values;

/// <summary>
/// One <see cref="StringValue"/> per name the loaded policies spell (<c>input.request.endpoint</c> has three), shared
/// with the inputs and data built afterwards: an object whose keys are these instances is searched by reference (the
/// equality test's first step) instead of comparing characters, and building an input allocates no key strings. Only
/// policy text adds names, so what a caller sends cannot grow the table; it is bounded all the same.
/// </summary>
internal static class KeyNames
{
    /// <summary>The most names kept; policies beyond it still work, their further names are just not shared.</summary>
    private const int Capacity = 1 << 16;

    private static readonly ConcurrentDictionary<string, StringValue> Names = new(StringComparer.Ordinal);
    private static int _count;

    /// <summary>The shared instance for a name in policy text, added when new (parser and compiler).</summary>
    public static StringValue Intern(string name)
    {
        if (Names.TryGetValue(name, out var known)) return known;
        if (Volatile.Read(ref _count) >= Capacity) return new StringValue(name);
        var value = new StringValue(name);
        if (Names.TryAdd(name, value))
        {
            Interlocked.Increment(ref _count);
            return value;
        }
        return Names[name];
    }

    /// <summary>The shared instance when a policy spells <paramref name="name"/>, else a new one (inputs and data).</summary>
    public static StringValue Lookup(string name) => Names.TryGetValue(name, out var known) ? known : new StringValue(name);
}
