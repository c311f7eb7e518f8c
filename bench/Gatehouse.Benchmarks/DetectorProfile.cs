using Gatehouse.Detection;
using Gatehouse.Detection.Detectors;

namespace Gatehouse.Benchmarks;

/// <summary>
/// A quick per-detector Stopwatch profile (<c>-- --profile-detectors</c>): the time each built-in detector spends on
/// the benchmark's 64 KB transcripts, to find where a scan's time goes. Not a benchmark of record (that is
/// <see cref="DetectionBenchmarks"/>); it only ranks detectors, so a noisy machine still gives a usable order.
/// </summary>
internal static class DetectorProfile
{
    public static void Run(TextWriter output)
    {
        var bench = new DetectionBenchmarks();
        bench.Setup();
        foreach (var (name, text) in new[] { ("clean", bench.CleanText), ("pii", bench.PiiText) })
        {
            output.WriteLine($"--- {name} ({text.Length} chars), minimum thread CPU time of 15 runs, microseconds");
            var features = TextFeatures.Of(text);
            var detectors = BuiltInDetectors.All();
            // Runs outer, detectors inner: a burst of load from other jobs then spreads over every detector instead of
            // inflating the one that happened to run during it.
            var times = detectors.Select(_ => double.MaxValue).ToArray();
            var counts = new int[detectors.Count];
            var sink = new List<Finding>();
            for (var run = 0; run < 15; run++)
            {
                for (var d = 0; d < detectors.Count; d++)
                {
                    if (!detectors[d].MayMatch(features))
                        continue;
                    sink.Clear();
                    var cpu = CpuClock.ThreadMicroseconds();
                    detectors[d].Detect(text, sink);
                    times[d] = Math.Min(times[d], CpuClock.ThreadMicroseconds() - cpu);
                    counts[d] = sink.Count;
                }
            }
            for (var d = 0; d < detectors.Count; d++)
            {
                if (detectors[d].MayMatch(features))
                    output.WriteLine($"{detectors[d].Id,-24} {times[d],10:F0}  findings={counts[d]}");
                else
                    output.WriteLine($"{detectors[d].Id,-24} {"skipped",10}");
            }
            var engineTimes = new List<double>();
            for (var i = 0; i < 15; i++)
            {
                var cpu = CpuClock.ThreadMicroseconds();
                bench.Engine.Scan(text);
                engineTimes.Add(CpuClock.ThreadMicroseconds() - cpu);
            }
            engineTimes.Sort();
            output.WriteLine($"{"ENGINE (whole scan)",-24} {engineTimes[0],10:F0}");
        }
    }
}
