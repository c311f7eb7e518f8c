using System.Collections.Concurrent;

namespace Gatehouse.Policy.Builtins;

/// <summary>
/// What a builtin may use besides its operands. One context lives for one query evaluation: the clock reading is taken
/// once so <c>time.now_ns()</c> is stable within a query, and the cache lets expensive builtins (regex compilation,
/// parsed certificates) reuse work within the query.
/// </summary>
public sealed class BuiltinContext
{
    /// <summary>Creates a context for one query.</summary>
    public BuiltinContext(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        _now = now;
        CancellationToken = cancellationToken;
    }

    /// <summary>
    /// A context whose time is read from the clock when a builtin first asks for it: most decisions never do, and
    /// reading the clock is a measurable part of a microsecond-scale query.
    /// </summary>
    internal BuiltinContext(CancellationToken cancellationToken) => CancellationToken = cancellationToken;

    /// <summary>The evaluation time, fixed for the whole query.</summary>
    public DateTimeOffset Now => _now ??= DateTimeOffset.UtcNow;

    private DateTimeOffset? _now;

    /// <summary>Cancelled when the query is abandoned (timeout or caller cancellation); long builtins should check it.</summary>
    public CancellationToken CancellationToken { get; private set; }

    /// <summary>A per-query cache; key by something unique to your builtin, e.g. <c>("regex", pattern)</c>.</summary>
    public ConcurrentDictionary<object, object> Cache => LazyInitializer.EnsureInitialized(ref _cache);

    // Created on first use: most queries never need them, and the decision path should not pay for them.
    private ConcurrentDictionary<object, object>? _cache;

    /// <summary>
    /// Where <c>print</c> writes its lines (<see cref="QueryOptions.Print"/>); null discards them, as OPA does when no
    /// print hook is configured.
    /// </summary>
    public Action<string>? PrintSink { get => _printSink; init => _printSink = value; }

    private Action<string>? _printSink;

    /// <summary>
    /// Makes this context new for another query (the engine reuses one per thread, as it does its evaluators): the
    /// time is read afresh, and the cache and print lines of the last query are dropped.
    /// </summary>
    internal void Reuse(DateTimeOffset? now, CancellationToken cancellationToken, Action<string>? printSink)
    {
        _now = now;
        CancellationToken = cancellationToken;
        _printSink = printSink;
        _cache = null;
    }

    /// <summary>A context for one query starting now.</summary>
    public static BuiltinContext ForNow(CancellationToken cancellationToken = default) => new(DateTimeOffset.UtcNow, cancellationToken);
}
