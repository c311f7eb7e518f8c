using System.Text;
using Gatehouse.Detection;
using Gatehouse.Governance.Datasets.Readers;
using Gatehouse.Governance.Datasets.Scanning;
using Gatehouse.Testing;

namespace Gatehouse.Governance.Tests.Datasets;

/// <summary>
/// The scanner hands raw JSONL lines to its scanning threads, which parse them there. Whatever the input, the units
/// they scan must be exactly those <see cref="JsonlReader.Read"/> yields when it reads and parses on one thread.
/// </summary>
public class JsonlParallelParsingTests
{
    /// <summary>Reports every text it is given as one finding, so findings list exactly the units scanned.</summary>
    private sealed class EveryUnit : ITextScanner
    {
        public IReadOnlyList<Finding> Scan(string text) => [new Finding("UNIT", 0, text.Length, 1, "every-unit")];
    }

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    /// <summary>Lines of every awkward kind, after enough filler that they sit past the sniffed sample and across batch edges.</summary>
    private static byte[] AwkwardFile(bool bom, int fillerLines, int longLineChars)
    {
        var bytes = new List<byte>();
        if (bom)
            bytes.AddRange([0xEF, 0xBB, 0xBF]);
        var random = new Random(6);
        for (var i = 0; i < fillerLines; i++)
        {
            // Lengths vary so line ends fall on every offset of the 256 KiB batch buffers.
            var words = string.Join(' ', Enumerable.Range(0, random.Next(1, 60)).Select(n => "w" + n));
            bytes.AddRange(Utf8($"{{\"id\":{i},\"messages\":[{{\"role\":\"user\",\"content\":\"{words} café ✓\"}}]}}" + (i % 7 == 0 ? "\r\n" : "\n")));
        }
        bytes.AddRange(Utf8("\n   \n\t\r\n\u00A0 \u2003\n"));                            // blank lines, some blank only as Unicode
        bytes.AddRange(Utf8("{\"a\":\"broken\n"));                                        // malformed
        bytes.AddRange(Utf8("{\"a\":\"bad "));
        bytes.AddRange([0xFF, 0xC3]);                                                       // invalid UTF-8 inside a value
        bytes.AddRange(Utf8(" byte\"}\n"));
        bytes.AddRange(Utf8("{\"a\":\"\\ud800 lone surrogate\"}\n"));                     // not representable as text
        bytes.AddRange(Utf8("{\"deep\":{\"x\":[\"one\",{\"y\":\"two\"}],\"q\\\"uote\":\"three\"}}\n"));
        bytes.AddRange(Utf8("{\"wide\":\"" + new string('é', longLineChars / 3) + "\"}\n")); // over the cap in bytes only
        bytes.AddRange(Utf8("{\"long\":\"" + new string('x', longLineChars) + "\"}\n"));    // over the cap: windows
        bytes.AddRange(Utf8("{\"after\":\"the long line\"}\n"));
        bytes.AddRange(Utf8("{\"last\":\"no newline\"}"));
        return [.. bytes];
    }

    [Theory]
    [InlineData(false, 4096, 64, 9000, 6000)]
    [InlineData(true, 4096, 64, 9000, 6000)]
    [InlineData(false, 1 << 20, 512, 9000, 3000)]
    [InlineData(true, 300, 32, 50, 1000)]
    public async Task Scanning_threads_scan_the_units_the_single_thread_reader_yields(bool bom, int maxUnitChars, int overlap, int fillerLines, int longLineChars)
    {
        using var dir = new TempDir();
        var path = dir.Write("chats.jsonl", AwkwardFile(bom, fillerLines, longLineChars));
        var limits = new ReaderLimits(maxUnitChars, overlap);

        var expectedErrors = new InputErrorLog();
        var files = DatasetFileFinder.Find([path], [], [], expectedErrors);
        var file = Assert.Single(files).DisplayPath;
        List<string> expected;
        using (var stream = File.OpenRead(path))
        {
            expected = [.. new JsonlReader(limits).Read(stream, file, expectedErrors, CancellationToken.None)
                .Where(u => u.Text.Length > u.DuplicateEnd)
                .Select(u => $"{u.Location.Line}/{u.Location.Row}/{u.Location.Field}/{u.Offset}/{u.Text}")];
        }

        var errors = new InputErrorLog();
        var options = new DatasetScanOptions { Workers = 2, ShowValues = true, Limits = limits, MaxRecordedFindings = 1_000_000 };
        var result = await new DatasetScanner(new EveryUnit(), options).ScanAsync(DatasetFileFinder.Find([path], [], [], errors), errors);
        var actual = result.Findings.Select(f => $"{f.Line}/{f.Row}/{f.Field}/{f.Offset}/{f.Value}").ToList();

        Assert.True(expected.Count > fillerLines, "the file yields its filler values and the awkward ones");
        Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
        Assert.Equal(Describe(expectedErrors), Describe(errors));
        Assert.Contains(errors.Snapshot(), e => e.Kind == "malformed-json");
        Assert.Contains(result.Findings, f => f.Value.Contains('\uFFFD', StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rows_count_every_record_including_the_last_malformed_one()
    {
        using var dir = new TempDir();
        var path = dir.Write("rows.jsonl", "{\"a\":\"x\"}\n\n{\"b\":1}\n{\"broken\n");
        var errors = new InputErrorLog();
        var result = await new DatasetScanner(new EveryUnit(), new DatasetScanOptions { Workers = 2 }).ScanAsync(DatasetFileFinder.Find([path], [], [], errors), errors);
        Assert.Equal(3, result.TotalRows);
        Assert.Equal(("malformed-json", 4L), (Assert.Single(result.InputErrors).Kind, result.InputErrors[0].Line));
    }

    private static string[] Describe(InputErrorLog log) =>
        [.. log.Snapshot().Select(e => e.ToString()).Order(StringComparer.Ordinal)];
}
