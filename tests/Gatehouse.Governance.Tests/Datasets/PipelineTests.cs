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
}
