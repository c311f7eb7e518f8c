using System.Diagnostics;

namespace Gatehouse.GatewayLoad;

/// <summary>
/// Drives one round against one target. Heavy: <see cref="LoadOptions.Clients"/> closed-loop clients, each sending
/// its next request as soon as the last answer ended (throughput). Moderate: an open loop that starts requests at
/// <see cref="LoadOptions.ModerateRate"/> per second whatever the answers do (latency at a load the machine carries).
/// CPU time and allocations are those of the whole process over the round.
/// </summary>
internal static class LoadDriver
{
    public static async Task<RoundResult> RunAsync(LoadClient client, RequestKind kind, LoadShape shape, LoadOptions options, TimeSpan duration)
    {
        var result = new RoundResult();
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        if (shape == LoadShape.Heavy)
            await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(_ => Task.Run(() => ClosedLoopAsync(client, kind, result, deadline))));
        else
            await OpenLoopAsync(client, kind, result, started, deadline, options.ModerateRate);
        result.Elapsed = Stopwatch.GetElapsedTime(started);
        result.Cpu = Environment.CpuUsage.TotalTime - cpuBefore;
        result.AllocatedBytes = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;
        return result;
    }

    private static async Task ClosedLoopAsync(LoadClient client, RequestKind kind, RoundResult result, long deadline)
    {
        var buffer = new byte[16 * 1024];
        while (Stopwatch.GetTimestamp() < deadline)
            await client.SendAsync(kind, result, buffer);
    }

    private static async Task OpenLoopAsync(LoadClient client, RequestKind kind, RoundResult result, long started, long deadline, int rate)
    {
        var interval = Stopwatch.Frequency / (double)rate;
        var inFlight = new List<Task>();
        for (long i = 0; ; i++)
        {
            var due = started + (long)(i * interval);
            if (due >= deadline)
                break;
            var wait = due - Stopwatch.GetTimestamp();
            if (wait > 0)
                await Task.Delay(TimeSpan.FromSeconds(wait / (double)Stopwatch.Frequency));
            inFlight.Add(Task.Run(() => client.SendAsync(kind, result, new byte[16 * 1024])));
        }
        await Task.WhenAll(inFlight);
    }
}
