using BenchmarkDotNet.Attributes;
using Gatehouse.Detection;
using Gatehouse.Governance.Datasets.Readers;
using Gatehouse.Governance.Datasets.Scanning;

namespace Gatehouse.Benchmarks;

/// <summary>
/// What the dataset scan pipeline itself costs, outside the detectors: reading, JSON parsing, JSON paths, batching,
/// channels and finding objects, on the same generated JSONL as <see cref="DatasetScanBenchmarks"/> (GATEHOUSE_BENCH_MB,
/// default 100 here), with one worker so the figure is per core. The scanner is trivial (an <c>@</c> search that
/// reports one finding per e-mail-like text, so the finding path runs too), which leaves the pipeline as the cost.
/// Run: dotnet run -c Release --project bench/Gatehouse.Benchmarks -- --filter '*DatasetPipeline*'
/// </summary>
[MemoryDiagnoser]
public class DatasetPipelineBenchmarks
{
    private string _path = "";
    private long _bytes;

    [GlobalSetup]
    public void Setup() => (_path, _bytes) = ChatTranscriptGenerator.EnsureFile(defaultMegabytes: 100);

    [Benchmark]
    public long PipelineOnlyOneWorker()
    {
        var file = new DatasetFile(_path, Path.GetFileName(_path), _bytes);
        var result = new DatasetScanner(new AtSignScanner(), new DatasetScanOptions { Workers = 1, MaxRecordedFindings = 10_000 })
            .ScanAsync([file], new InputErrorLog()).GetAwaiter().GetResult();
        return result.TotalFindings;
    }

    /// <summary>Finds the first '@' of a text and reports it: as cheap as a detector can be, yet findings flow.</summary>
    private sealed class AtSignScanner : ITextScanner
    {
        private static readonly IReadOnlyList<Finding> None = [];

        public IReadOnlyList<Finding> Scan(string text)
        {
            var at = text.IndexOf('@');
            return at < 0 ? None : [new Finding("EMAIL", at, at + 1, 1.0, "at-sign")];
        }
    }
}
