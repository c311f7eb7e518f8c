using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Gatehouse.GatewayLoad;

/// <summary>
/// <c>--allocation-types</c>: listens to the runtime's allocation sampling events (one about every 100 KB allocated,
/// naming the type that crossed the mark) during each measured round, and prints the types that took the most, in
/// KB per request. Sampled and process-wide (client and stub included: compare a gateway round with the direct round
/// before it), so it says where to look, not exact figures; --profile-stages and the KB/req column give those.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const int TypesShown = 25;
    private readonly ConcurrentDictionary<string, long> _bytes = new(StringComparer.Ordinal);
    private volatile bool _sampling;

    /// <summary>Starts counting (after warm-up, at the start of a measured round).</summary>
    public void Start()
    {
        _bytes.Clear();
        _sampling = true;
    }

    /// <summary>Stops counting and prints the heaviest types for <paramref name="requests"/> requests.</summary>
    public void StopAndPrint(string title, int requests, TextWriter output)
    {
        _sampling = false;
        output.WriteLine($"  allocations by type, {title} (sampled, KB per request):");
        foreach (var (type, bytes) in _bytes.OrderByDescending(p => p.Value).Take(TypesShown))
            output.WriteLine(System.FormattableString.Invariant($"    {bytes / 1024.0 / Math.Max(1, requests),8:0.00}  {type}"));
    }

    /// <inheritdoc />
    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1); // GC keyword: carries GCAllocationTick
    }

    /// <inheritdoc />
    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!_sampling || e.EventName is null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.PayloadNames is null || e.Payload is null)
            return;
        var type = e.PayloadNames.IndexOf("TypeName");
        var amount = e.PayloadNames.IndexOf("AllocationAmount64");
        if (type < 0 || amount < 0 || e.Payload[type] is not string name)
            return;
        var bytes = Convert.ToInt64(e.Payload[amount], System.Globalization.CultureInfo.InvariantCulture);
        _bytes.AddOrUpdate(name, bytes, (_, total) => total + bytes);
    }
}
