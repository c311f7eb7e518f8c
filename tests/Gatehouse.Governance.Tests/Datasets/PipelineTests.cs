using Gatehouse.Governance.Datasets.Readers;
using Gatehouse.Governance.Datasets.Scanning;
using Gatehouse.Testing;
using static Gatehouse.Governance.Tests.Datasets.ScanFixture;

namespace Gatehouse.Governance.Tests.Datasets;

public class PipelineTests
{
    private static void WriteFiles(TempDir dir)
    {
        for (var f = 0; f < 5; f++)
            dir.Write($"d/part{f}.jsonl", string.Concat(Enumerable.Range(0, 3000).Select(i => $"{{\"i\":{i},\"c\":\"{(i % 97 == f ? Email : "plain words")}\"}}\n")));
    }

    [Fact]
    public async Task One_and_two_workers_give_identical_findings_in_order()
    {
        using var dir = new TempDir();
        WriteFiles(dir);
        var one = await ScanAsync(Path.Combine(dir.Path, "d"), workers: 1);
        var two = await ScanAsync(Path.Combine(dir.Path, "d"), workers: 2);
        Assert.Equal(5 * 31, one.TotalFindings);
        Assert.Equal(one.Findings, two.Findings);
        Assert.Equal(15_000, two.TotalRows);
        Assert.All(two.Files, f => Assert.Equal(3000, f.Rows));
    }

    [Fact]
    public async Task Recorded_findings_are_capped_but_counts_stay_exact()
    {
        using var dir = new TempDir();
        WriteFiles(dir);
        var errors = new InputErrorLog();
        var files = DatasetFileFinder.Find([Path.Combine(dir.Path, "d")], [], [], errors);
        var counters = new ScanCounters();
        var result = await new DatasetScanner(Engine, new DatasetScanOptions { Workers = 2, MaxRecordedFindings = 10 }).ScanAsync(files, errors, counters);
        Assert.Equal(10, result.Findings.Count);
        Assert.Equal(155, result.FindingsByType["EMAIL"]);
        Assert.True(result.FindingsTruncated);
        Assert.Equal((155L, 15_000L, 5, files.Sum(f => f.Length)), (counters.Findings, counters.Rows, counters.FilesDone, counters.Bytes));
    }

    /// <summary>The real engine, cancelling the scan once it has judged a given number of texts.</summary>
    private sealed class CancellingScanner(int after, CancellationTokenSource source) : Gatehouse.Detection.ITextScanner
    {
        private int _scanned;

        public IReadOnlyList<Gatehouse.Detection.Finding> Scan(string text)
        {
            if (Interlocked.Increment(ref _scanned) == after)
                source.Cancel();
            return Engine.Scan(text);
        }
    }

    /// <summary>The real engine, except that it fails in a way nobody foresaw on one given text.</summary>
    private sealed class FailingScanner(string poison) : Gatehouse.Detection.ITextScanner
    {
        public IReadOnlyList<Gatehouse.Detection.Finding> Scan(string text) =>
            text == poison ? throw new InvalidOperationException("detector bug") : Engine.Scan(text);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_scanner_failure_loses_only_its_line_and_the_scan_finishes(int workers)
    {
        using var dir = new TempDir();
        dir.Write("d/a.jsonl", string.Concat(Enumerable.Range(0, 3000).Select(i => $"{{\"c\":\"{(i == 7 ? "poison" : i % 100 == 0 ? Email : "plain words")}\"}}\n")));
        var errors = new InputErrorLog();
        var files = DatasetFileFinder.Find([Path.Combine(dir.Path, "d")], [], [], errors);
        var result = await new DatasetScanner(new FailingScanner("poison"), new DatasetScanOptions { Workers = workers })
            .ScanAsync(files, errors).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(30, result.FindingsByType["EMAIL"]);
        var error = Assert.Single(errors.Snapshot());
        Assert.Equal(("read-error", 8L), (error.Kind, error.Line));
        Assert.Contains("detector bug", error.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Cancelling_mid_scan_stops_readers_and_scanners_blocked_on_the_queue(int workers)
    {
        using var dir = new TempDir();
        WriteFiles(dir);
        var errors = new InputErrorLog();
        var files = DatasetFileFinder.Find([Path.Combine(dir.Path, "d")], [], [], errors);
        using var source = new CancellationTokenSource();
        // 15,000 units against a queue of at most workers * 4 batches: the readers are blocked on a full queue when
        // the cancel comes, and must wake up instead of hanging the scan.
        var scanner = new DatasetScanner(new CancellingScanner(500, source), new DatasetScanOptions { Workers = workers });
        var scan = scanner.ScanAsync(files, errors, cancellationToken: source.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => scan.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Empty(errors.Snapshot());
    }
}
