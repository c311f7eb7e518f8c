using System.Globalization;

namespace Gatehouse.GatewayLoad;

/// <summary>
/// Prints the results: per scenario a direct and a gateway row (req/s, latency percentiles, process CPU and
/// allocations per request), then the comparison the issue asks for. Added latency is the difference of the two
/// percentiles (not a percentile of per-request differences: the requests are not paired). The gateway's own CPU and
/// allocations per request are the gateway row minus the direct row, since both rows include the client and the stub.
/// </summary>
internal sealed class LoadReport(TextWriter output)
{
    public bool AnyErrors { get; private set; }

    public void Header(LoadOptions options, string policySource)
    {
        output.WriteLine($"Gateway load benchmark: {Environment.ProcessorCount} cores, .NET {Environment.Version}, load average {LoadAverage()} at start");
        output.WriteLine($"  gateway: GatewayHost as `gatehouse serve` builds it; policy {policySource}; detection on; SQLite audit (synchronous=FULL) in a temp data dir");
        output.WriteLine($"  client, stub and gateway share this process and its cores; {options.PromptChars}-char prompts, {options.Tokens}-token answers");
        output.WriteLine($"  heavy = {options.Clients} closed-loop clients; moderate = {options.ModerateRate} requests/s open loop; " +
            $"{options.Rounds} x {options.Duration.TotalSeconds:0.#} s per target, direct and gateway alternating, after {options.Warmup.TotalSeconds:0.#} s warm-up");
    }

    public void Profile(UpstreamProfile profile)
    {
        output.WriteLine();
        output.WriteLine($"== upstream: {profile.Name} (first byte after {profile.FirstByteDelay.TotalMilliseconds:0.#} ms, {profile.TokenDelay.TotalMilliseconds:0.#} ms per token)");
        output.WriteLine($"{"scenario",-24} {"target",-8} {"req/s",8} {"p50 ms",8} {"p90 ms",8} {"p99 ms",8} {"1st-byte p50",12} {"CPU us/req",11} {"KB/req",8} {"errors",7}");
    }

    public void Scenario(RequestKind kind, LoadShape shape, LoadOptions options, RoundResult direct, RoundResult gateway)
    {
        var name = $"{kind.ToString().ToLowerInvariant()}, {(shape == LoadShape.Heavy ? $"{options.Clients} clients" : $"{options.ModerateRate} req/s")}";
        Row(name, "direct", direct);
        Row("", "gateway", gateway);
        output.WriteLine(Invariant($"{"",-24} => throughput {gateway.RequestsPerSecond / direct.RequestsPerSecond * 100:0.0}% of direct; added p50 {Added(direct, gateway, 0.50)} ms, p90 {Added(direct, gateway, 0.90)} ms, p99 {Added(direct, gateway, 0.99)} ms; gateway {gateway.CpuMicrosPerRequest - direct.CpuMicrosPerRequest:0} us CPU and {gateway.KilobytesPerRequest - direct.KilobytesPerRequest:0.0} KB per request"));
        foreach (var (target, result) in new[] { ("direct", direct), ("gateway", gateway) })
            if (result.Errors > 0)
            {
                AnyErrors = true;
                output.WriteLine($"{"",-24} !! {target}: {result.Errors} failed requests, first: {result.FirstError}");
            }
    }

    public void Footer() => output.WriteLine($"\nload average {LoadAverage()} at end");

    private void Row(string scenario, string target, RoundResult r) => output.WriteLine(Invariant(
        $"{scenario,-24} {target,-8} {r.RequestsPerSecond,8:0} {RoundResult.Percentile(r.Latencies, 0.50),8:0.000} {RoundResult.Percentile(r.Latencies, 0.90),8:0.000} {RoundResult.Percentile(r.Latencies, 0.99),8:0.000} {RoundResult.Percentile(r.FirstBytes, 0.50),12:0.000} {r.CpuMicrosPerRequest,11:0} {r.KilobytesPerRequest,8:0.0} {r.Errors,7}"));

    private static string Added(RoundResult direct, RoundResult gateway, double quantile) =>
        (RoundResult.Percentile(gateway.Latencies, quantile) - RoundResult.Percentile(direct.Latencies, quantile)).ToString("+0.000;-0.000", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
