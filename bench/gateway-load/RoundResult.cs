namespace Gatehouse.GatewayLoad;

/// <summary>What one measured round produced: per-request latencies and the process's CPU and allocations over it.</summary>
internal sealed class RoundResult
{
    /// <summary>Whole-request latency (to the last byte of the answer), in Stopwatch ticks, of successful requests.</summary>
    public List<long> Latencies { get; } = [];

    /// <summary>Time to the first byte of the answer body (the first event for streams), in Stopwatch ticks.</summary>
    public List<long> FirstBytes { get; } = [];

    public int Errors { get; set; }

    public string? FirstError { get; set; }

    public TimeSpan Elapsed { get; set; }

    /// <summary>Process CPU time (user + system) over the round: client, stub and, when routed, the gateway.</summary>
    public TimeSpan Cpu { get; set; }

    /// <summary>Bytes allocated by the whole process over the round.</summary>
    public long AllocatedBytes { get; set; }

    /// <summary>Adds another round's figures (rounds of one target are pooled).</summary>
    public void Add(RoundResult other)
    {
        Latencies.AddRange(other.Latencies);
        FirstBytes.AddRange(other.FirstBytes);
        Errors += other.Errors;
        FirstError ??= other.FirstError;
        Elapsed += other.Elapsed;
        Cpu += other.Cpu;
        AllocatedBytes += other.AllocatedBytes;
    }

    public int Requests => Latencies.Count;

    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

    public double CpuMicrosPerRequest => Requests == 0 ? 0 : Cpu.TotalMicroseconds / Requests;

    public double KilobytesPerRequest => Requests == 0 ? 0 : AllocatedBytes / 1024.0 / Requests;

    /// <summary>The <paramref name="quantile"/> (0..1) of <paramref name="ticks"/> in milliseconds (nearest rank).</summary>
    public static double Percentile(List<long> ticks, double quantile)
    {
        if (ticks.Count == 0)
            return double.NaN;
        ticks.Sort();
        var rank = (int)Math.Ceiling(quantile * ticks.Count) - 1;
        return ticks[Math.Clamp(rank, 0, ticks.Count - 1)] * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
    }
}
