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
            foreach (var detector in BuiltInDetectors.All())
            {
                if (!detector.MayMatch(features))
                {
                    output.WriteLine($"{detector.Id,-24} {"skipped",10}");
                    continue;
                }
                var times = new List<double>();
                var sink = new List<Finding>();
                for (var i = 0; i < 15; i++)
                {
                    sink.Clear();
                    var cpu = EngineComparison.ThreadCpuMicroseconds();
                    detector.Detect(text, sink);
                    times.Add(EngineComparison.ThreadCpuMicroseconds() - cpu);
                }
                times.Sort();
                output.WriteLine($"{detector.Id,-24} {times[0],10:F0}  findings={sink.Count}");
            }
            var engineTimes = new List<double>();
            for (var i = 0; i < 15; i++)
            {
                var cpu = EngineComparison.ThreadCpuMicroseconds();
                bench.Engine.Scan(text);
                engineTimes.Add(EngineComparison.ThreadCpuMicroseconds() - cpu);
            }
            engineTimes.Sort();
            output.WriteLine($"{"ENGINE (whole scan)",-24} {engineTimes[0],10:F0}");
        }
    }
}
