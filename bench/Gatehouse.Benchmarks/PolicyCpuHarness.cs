using System.Diagnostics;
using Gatehouse.Policy.Values;

namespace Gatehouse.Benchmarks;

/// <summary>
/// <c>--policy-cpu [calls-per-round]</c>: times the policy decisions by process CPU time rather than wall clock, because
/// on a shared, loaded machine BenchmarkDotNet's wall-clock figures mostly measure the neighbours. Each case is warmed
/// up (for a second, so that tiered JIT is done), then timed in rounds of N calls; it prints CPU time per call (median
/// and min of the rounds) and the bytes this thread allocated per call. Process CPU time includes the GC's threads, so
/// it errs on the high side; it excludes time spent waiting for a core, which is what makes it usable under load.
/// </summary>
internal static class PolicyCpuHarness
{
    private const int Rounds = 9;
    private static string _only = "";

    public static void Run(TextWriter output, int callsPerRound, string only = "")
    {
        _only = only;
        var policy = new PolicyBenchmarks();
        policy.Setup();
        var shipped = new ShippedBundleBenchmarks();
        shipped.Setup();
        output.WriteLine($"policy decision CPU time per call, {Rounds} rounds of N calls after warm-up (load average {CpuClock.LoadAverage()})");
        output.WriteLine("| case | N | CPU median | CPU min | allocated/call |");
        output.WriteLine("|---|---:|---:|---:|---:|");
        Measure(output, "PolicyBenchmarks.Decision", callsPerRound, () => policy.Decision());
        Measure(output, "ShippedDecision (one typical input)", callsPerRound, () => shipped.ShippedDecision());
        Measure(output, "ShippedDecisionVaried (distinct inputs)", callsPerRound, () => shipped.ShippedDecisionVaried());
        // `--policy-cpu N data.gatehouse.` breaks the varied decision down: each document with what it depends on.
        if (!only.StartsWith("data.", StringComparison.Ordinal)) return;
        foreach (var rule in RuleBreakdown)
            Measure(output, rule, callsPerRound, () => shipped.EvaluateVaried(rule));
    }

    private static readonly string[] RuleBreakdown =
    [
        "data.gatehouse.principal_roles", "data.gatehouse.purpose", "data.gatehouse.endpoint_kind", "data.gatehouse.model_allowed",
        "data.gatehouse.purpose_allowed", "data.gatehouse.restore_allowed", "data.gatehouse.limits", "data.gatehouse.input_actions",
        "data.gatehouse.output_actions", "data.gatehouse.deny", "data.gatehouse.reasons", "data.gatehouse.decision",
    ];

    private static void Measure(TextWriter output, string name, int calls, Func<Value?> decide)
    {
        if (!name.Contains(_only, StringComparison.OrdinalIgnoreCase)) return;
        // Warm up for a second of wall time, not a count: tiered JIT recompiles hot methods on a background thread
        // after a delay, and that work would otherwise land in the first timed rounds of a microsecond-scale call.
        var warmUp = Stopwatch.StartNew();
        for (var i = 0; i < 2_000 || warmUp.ElapsedMilliseconds < 1_000; i++) decide();
        var perCall = new double[Rounds];
        long allocated = 0;
        for (var round = 0; round < Rounds; round++)
        {
            GC.Collect();
            var cpuBefore = CpuClock.ProcessMicroseconds(); // every thread, the GC's too
            var bytesBefore = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < calls; i++) decide();
            var bytes = GC.GetAllocatedBytesForCurrentThread() - bytesBefore;
            perCall[round] = (CpuClock.ProcessMicroseconds() - cpuBefore) / calls;
            allocated = bytes / calls;
        }
        Array.Sort(perCall);
        output.WriteLine($"| {name} | {calls:N0} | {perCall[Rounds / 2]:0.00} µs | {perCall[0]:0.00} µs | {allocated:N0} B |");
    }
}
