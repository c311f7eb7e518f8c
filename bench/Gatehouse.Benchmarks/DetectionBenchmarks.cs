using System.Text;
using BenchmarkDotNet.Attributes;
using Gatehouse.Detection;
using Gatehouse.Detection.Operators;
using Gatehouse.Detection.Streaming;

namespace Gatehouse.Benchmarks;

/// <summary>
/// Detection throughput on chat-transcript text (about 64 KB per operation) with every built-in detector on:
/// clean text (the common case), text with PII every few lines, and the streaming guard over 24-character chunks.
/// MB/s = 0.0625 MB / mean time.
/// </summary>
[MemoryDiagnoser]
public class DetectionBenchmarks
{
    private static readonly string[] CleanLines =
    [
        "user: Can you summarise the design doc for the new billing service? Keep it short.",
        "assistant: Sure. The service splits invoicing from payment collection, adds retries with backoff, and moves reports to a nightly job.",
        "user: What are the open questions around the migration plan and the rollback strategy?",
        "assistant: Two remain: how long both systems run side by side, and who owns the reconciliation report during that period.",
        "user: Write a function that parses the config file and returns the list of enabled features.",
        "assistant: Here is a version that reads the file line by line, skips comments and trims whitespace before splitting on '='.",
    ];

    private static readonly string[] PiiLines =
    [
        "user: Please update my email to jane.hartwell@example.org and my phone to +44 20 7946 0958.",
        "user: The card ending 1111 is 4111 1111 1111 1111; my SSN is 536-22-1234 if you need it.",
        "assistant: I've noted the IBAN DE89 3704 0044 0532 0130 00 for the refund to Dr. Amelia Hartwell.",
    ];

    private string _clean = "";
    private string _pii = "";
    private string[] _chunks = [];
    private DetectionEngine _engine = null!;
    private Anonymizer _anonymizer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _engine = DetectionEngine.Create();
        _anonymizer = new Anonymizer(new AnonymizerOptions());
        _clean = Build(i => CleanLines[i % CleanLines.Length]);
        _pii = Build(i => i % 4 == 3 ? PiiLines[i / 4 % PiiLines.Length] : CleanLines[i % CleanLines.Length]);
        _chunks = _pii.Chunk(24).Select(c => new string(c)).ToArray();
    }

    /// <summary>The clean transcript (after <see cref="Setup"/>).</summary>
    internal string CleanText => _clean;

    /// <summary>The transcript with PII (after <see cref="Setup"/>).</summary>
    internal string PiiText => _pii;

    /// <summary>The engine under test (after <see cref="Setup"/>).</summary>
    internal DetectionEngine Engine => _engine;

    private static string Build(Func<int, string> line)
    {
        var b = new StringBuilder();
        for (var i = 0; b.Length < 64 * 1024; i++)
            b.Append(line(i)).Append('\n');
        return b.ToString(0, 64 * 1024);
    }

    /// <summary>Clean transcript, all detectors.</summary>
    [Benchmark(Baseline = true)]
    public int ScanClean() => _engine.Scan(_clean).Count;

    /// <summary>Transcript with PII on every fourth line.</summary>
    [Benchmark]
    public int ScanWithPii() => _engine.Scan(_pii).Count;

    /// <summary>Streaming guard, 24-character chunks (about 2,700 chunks per operation).</summary>
    [Benchmark]
    public int StreamWithPii()
    {
        var guard = new StreamingGuard(_engine, _anonymizer);
        var released = 0;
        foreach (var chunk in _chunks)
            released += guard.Feed(chunk).Text.Length;
        return released + guard.Flush().Text.Length;
    }
}
