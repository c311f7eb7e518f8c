using Gatehouse.Detection;

namespace Gatehouse.Gateway.DataProtection;

/// <summary>
/// Lets the transform stage reuse what the detect stage found instead of scanning the request a second time. The
/// runtime's <see cref="Detection.Json.JsonScanner"/> scans through this class: while <see cref="Run{T}"/> is active
/// on the current thread (the JSON scanner's calls are synchronous), every string's findings are looked up in, or
/// added to, one request's memory; outside it, it is the plain engine. The detect stage fills the memory, the transform
/// stage walks the same document again with it and so scans nothing (the engine is deterministic per string).
/// </summary>
internal sealed class RememberedScans(ITextScanner engine) : ITextScanner
{
    [ThreadStatic]
    private static Dictionary<string, IReadOnlyList<Finding>>? t_memory;

    /// <summary>Runs <paramref name="scan"/> with <paramref name="memory"/> as the memory of string scans on this thread.</summary>
    public static T Run<T>(Dictionary<string, IReadOnlyList<Finding>> memory, Func<T> scan)
    {
        var previous = t_memory;
        t_memory = memory;
        try
        {
            return scan();
        }
        finally
        {
            t_memory = previous;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<Finding> Scan(string text)
    {
        var memory = t_memory;
        if (memory is null)
            return engine.Scan(text);
        if (!memory.TryGetValue(text, out var findings))
            memory[text] = findings = engine.Scan(text);
        return findings;
    }
}
