using System.Diagnostics;
using System.Text;
using BenchmarkDotNet.Attributes;
using Gatehouse.Governance.Datasets.Readers;
using Gatehouse.Governance.Datasets.Scanning;

namespace Gatehouse.Benchmarks;

/// <summary>
/// Throughput of the dataset scan pipeline on JSONL chat transcripts, with 1 and 2 workers. The file is generated
/// deterministically in the temp folder (size from GATEHOUSE_BENCH_MB, default 300) and never committed.
/// The scanner is the shipped detection engine (every built-in detector), as `gatehouse scan` runs it.
/// Run: dotnet run -c Release --project bench/Gatehouse.Benchmarks -- --filter '*DatasetScan*'
/// </summary>
[MemoryDiagnoser]
public class DatasetScanBenchmarks
{
    private string _path = "";
    private long _bytes;

    /// <summary>Scanning threads.</summary>
    [Params(1, 2)]
    public int Workers { get; set; }

    [GlobalSetup]
    public void Setup() => (_path, _bytes) = ChatTranscriptGenerator.EnsureFile(defaultMegabytes: 300);

    [Benchmark]
    public long ScanJsonlChats()
    {
        var errors = new InputErrorLog();
        var file = new DatasetFile(_path, Path.GetFileName(_path), _bytes);
        var clock = Stopwatch.StartNew();
        var result = new DatasetScanner(Gatehouse.Detection.DetectionEngine.Create(), new DatasetScanOptions { Workers = Workers, MaxRecordedFindings = 10_000 })
            .ScanAsync([file], errors).GetAwaiter().GetResult();
        Console.WriteLine($"// workers={Workers} {_bytes / 1e6 / clock.Elapsed.TotalSeconds:0.0} MB/s, {result.TotalFindings} findings, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:0} MB");
        return result.TotalFindings;
    }
}

/// <summary>Writes deterministic JSONL chat transcripts with a sprinkling of e-mails, card numbers and AWS key ids.</summary>
public static class ChatTranscriptGenerator
{
    private static readonly string[] Words = "the a to and please could you help me with my order account refund invoice shipping delivery password reset thanks hello question about issue problem update today tomorrow week number".Split(' ');

    /// <summary>
    /// The generated file of GATEHOUSE_BENCH_MB megabytes (else <paramref name="defaultMegabytes"/>) in the temp folder,
    /// written on first use, with its length.
    /// </summary>
    public static (string Path, long Bytes) EnsureFile(int defaultMegabytes)
    {
        var megabytes = int.TryParse(Environment.GetEnvironmentVariable("GATEHOUSE_BENCH_MB"), out var mb) ? mb : defaultMegabytes;
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"gatehouse-bench-chats-{megabytes}mb.jsonl");
        if (!File.Exists(path))
            Write(path, megabytes * 1_000_000L);
        return (path, new FileInfo(path).Length);
    }

    /// <summary>Writes about <paramref name="bytes"/> bytes to <paramref name="path"/>.</summary>
    public static void Write(string path, long bytes)
    {
        var random = new Random(20261123);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        var line = new StringBuilder();
        long written = 0;
        for (var conversation = 0; written < bytes; conversation++)
        {
            line.Clear().Append("{\"id\":").Append(conversation).Append(",\"messages\":[");
            var turns = random.Next(2, 8);
            for (var turn = 0; turn < turns; turn++)
            {
                if (turn > 0)
                    line.Append(',');
                line.Append("{\"role\":\"").Append(turn % 2 == 0 ? "user" : "assistant").Append("\",\"content\":\"");
                var words = random.Next(10, 80);
                for (var w = 0; w < words; w++)
                    line.Append(Words[random.Next(Words.Length)]).Append(' ');
                switch (random.Next(50))
                {
                    case 0: line.Append("reach me at user").Append(random.Next(100000)).Append("@example.com"); break;
                    case 1: line.Append("card 4111 1111 1111 1111"); break;
                    case 2: line.Append("key AKIAIOSFODNN7EXAMPLE"); break;
                }
                line.Append("\"}");
            }
            line.Append("]}\n");
            writer.Write(line);
            written += line.Length;
        }
    }
}
