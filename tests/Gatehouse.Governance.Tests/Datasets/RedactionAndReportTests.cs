using System.Text.Json;
using System.Xml.Linq;
using Parquet;
using Parquet.Schema;
using Gatehouse.Governance.Datasets.Readers;
using Gatehouse.Governance.Datasets.Redaction;
using Gatehouse.Governance.Datasets.Reports;
using Gatehouse.Governance.Datasets.Thresholds;
using Gatehouse.Testing;
using static Gatehouse.Governance.Tests.Datasets.ScanFixture;

namespace Gatehouse.Governance.Tests.Datasets;

public class RedactionAndReportTests
{
    private static (DatasetRedactor Redactor, InputErrorLog Errors) Redactor()
    {
        var errors = new InputErrorLog();
        return (new DatasetRedactor(TextRedactor.ReplacingWithType(Engine), errors), errors);
    }

    private static string Redact(TempDir dir, string name, string content)
    {
        var path = dir.Write("in/" + name, content);
        var output = Path.Combine(dir.Path, "out", name);
        Assert.True(Redactor().Redactor.RedactFile(new DatasetFile(path, name, new FileInfo(path).Length), output));
        return File.ReadAllText(output);
    }

    [Fact]
    public void Jsonl_copy_keeps_one_valid_document_per_line()
    {
        using var dir = new TempDir();
        var copy = Redact(dir, "c.jsonl", "{\"m\":[{\"c\":\"mail " + Email + "\",\"n\":1.50}]}\n{\"k\":\"" + AwsKey + "\",\"ok\":true,\"x\":null}\n");
        var lines = copy.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal("mail <EMAIL>", JsonDocument.Parse(lines[0]).RootElement.GetProperty("m")[0].GetProperty("c").GetString());
        Assert.Contains("1.50", lines[0]);
        Assert.Equal("<AWS_ACCESS_KEY>", JsonDocument.Parse(lines[1]).RootElement.GetProperty("k").GetString());
    }

    [Fact]
    public void Json_copy_stays_valid_json_with_the_same_shape()
    {
        using var dir = new TempDir();
        var copy = Redact(dir, "r.json", "[{\"id\":1,\"user\":{\"mail\":\"" + Email + "\"}},{\"id\":2,\"card\":\"" + Card + "\"}]");
        using var json = JsonDocument.Parse(copy);
        Assert.Equal(2, json.RootElement.GetArrayLength());
        Assert.Equal("<EMAIL>", json.RootElement[0].GetProperty("user").GetProperty("mail").GetString());
        Assert.Equal("<CREDIT_CARD>", json.RootElement[1].GetProperty("card").GetString());
        Assert.Equal(2, json.RootElement[1].GetProperty("id").GetInt32());
    }

    [Fact]
    public void Csv_copy_keeps_columns_and_quoting_and_gzip_stays_gzip()
    {
        using var dir = new TempDir();
        var copy = Redact(dir, "p.csv", "answer,contact\n\"yes, really\",\"" + Email + ", home\"\nno,x\n");
        Assert.Equal("answer,contact\r\n\"yes, really\",\"<EMAIL>, home\"\r\nno,x\r\n", copy);
        var path = dir.Write("in/t.txt.gz", ReaderTests.Gzip("hello " + Email + "\n"));
        var output = Path.Combine(dir.Path, "out", "t.txt.gz");
        Assert.True(Redactor().Redactor.RedactFile(new DatasetFile(path, "t.txt.gz", new FileInfo(path).Length), output));
        using var gzip = new System.IO.Compression.GZipStream(File.OpenRead(output), System.IO.Compression.CompressionMode.Decompress);
        Assert.Equal("hello <EMAIL>\n", new StreamReader(gzip).ReadToEnd());
    }

    [Fact]
    public async Task Parquet_copy_keeps_schema_row_groups_rows_and_other_columns_with_no_finding_left()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "in", "rows.parquet");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var id = new DataField<int>("id");
        var score = new DataField<double?>("score");
        var text = new DataField<string>("text");
        var schema = new ParquetSchema(id, score, text);
        await using (var stream = File.Create(path))
        await using (var writer = await ParquetWriter.CreateAsync(schema, stream))
        {
            writer.CustomMetadata = new Dictionary<string, string> { ["source"] = "crm" };
            using (var first = writer.CreateRowGroup())
            {
                await first.WriteAsync(id, new ReadOnlyMemory<int>([1, 2, 3]));
                await first.WriteAsync(score, new ReadOnlyMemory<double?>([0.5, null, 2.0]));
                await first.WriteAsync(text, new[] { "write to " + Email, null!, "nothing here" });
            }
            using (var second = writer.CreateRowGroup())
            {
                await second.WriteAsync(id, new ReadOnlyMemory<int>([4]));
                await second.WriteAsync(score, new ReadOnlyMemory<double?>([null]));
                await second.WriteAsync(text, new[] { "card " + Card });
            }
        }
        var output = Path.Combine(dir.Path, "out", "rows.parquet");
        var (redactor, errors) = Redactor();

        Assert.True(redactor.RedactFile(new DatasetFile(path, "rows.parquet", new FileInfo(path).Length), output), string.Join("; ", errors.Snapshot()));

        await using var copy = await ParquetReader.CreateAsync(output);
        Assert.Equal(schema, copy.Schema);
        Assert.Equal(2, copy.RowGroupCount);
        Assert.Equal("crm", copy.CustomMetadata["source"]);
        var ids = new List<int>();
        var scores = new List<double?>();
        var texts = new List<string?>();
        for (var g = 0; g < copy.RowGroupCount; g++)
        {
            using var group = copy.OpenRowGroupReader(g);
            var n = (int)group.RowCount;
            var i = new int[n];
            var s = new double?[n];
            var t = new string?[n];
            await group.ReadAsync(id, i.AsMemory());
            await group.ReadAsync(score, s.AsMemory());
            await group.ReadAsync(text, t.AsMemory()!);
            ids.AddRange(i);
            scores.AddRange(s);
            texts.AddRange(t);
        }
        Assert.Equal([1, 2, 3, 4], ids);
        Assert.Equal([0.5, null, 2.0, null], scores);
        Assert.Equal(["write to <EMAIL>", null, "nothing here", "card <CREDIT_CARD>"], texts);
        var rescan = await ScanAsync(output);
        Assert.Empty(rescan.Findings);
        Assert.Empty(rescan.InputErrors);
        Assert.Equal(4, rescan.TotalRows);
    }

    [Fact]
    public async Task Parquet_list_columns_keep_their_nesting_and_are_redacted()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "in", "lists.parquet");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var id = new DataField<int>("id");
        var tags = new ListField("tags", new DataField<string>("element"));
        var schema = new ParquetSchema(id, tags);
        var element = (DataField)tags.Item;
        await using (var stream = File.Create(path))
        await using (var writer = await ParquetWriter.CreateAsync(schema, stream))
        using (var group = writer.CreateRowGroup())
        {
            await group.WriteAsync(id, new ReadOnlyMemory<int>([1, 2]));
            // Row 1: ["a", Email]; row 2: ["b"].
            await group.WriteAsync(element, new[] { "a", Email, "b" }, new ReadOnlyMemory<int>([0, 1, 0]));
        }
        var output = Path.Combine(dir.Path, "out", "lists.parquet");
        var (redactor, errors) = Redactor();

        Assert.True(redactor.RedactFile(new DatasetFile(path, "lists.parquet", new FileInfo(path).Length), output), string.Join("; ", errors.Snapshot()));

        var (originalValues, originalDefinitions, originalRepetitions, originalRows) = await ReadListColumnAsync(path, element);
        var (values, definitions, repetitions, rows) = await ReadListColumnAsync(output, element);
        Assert.Equal(originalValues.Select(v => v == Email ? "<EMAIL>" : v), values);
        Assert.Equal(["a", "<EMAIL>", "b"], values);
        Assert.Equal(originalDefinitions, definitions);
        Assert.Equal(originalRepetitions, repetitions);
        Assert.Equal([0, 1, 0], repetitions);
        Assert.Equal((2L, 2L), (originalRows, rows));
        await using var copy = await ParquetReader.CreateAsync(output);
        Assert.Equal(schema, copy.Schema);
    }

    // The raw view of a list column (values without nulls, definition and repetition levels), as Parquet stores it.
    private static async Task<(string[] Values, int[] Definitions, int[] Repetitions, long Rows)> ReadListColumnAsync(string path, DataField element)
    {
        await using var reader = await ParquetReader.CreateAsync(path);
        using var group = reader.OpenRowGroupReader(0);
        using var raw = (Parquet.Data.RawColumnData<ReadOnlyMemory<char>>)await group.ReadRawColumnDataBaseAsync(element);
        return (raw.Values.ToArray().Select(v => v.ToString()).ToArray(), raw.DefinitionLevels.ToArray(), raw.RepetitionLevels.ToArray(), group.RowCount);
    }

    [Fact]
    public async Task Html_report_is_self_contained_encoded_and_charts_counts()
    {
        using var dir = new TempDir();
        var path = dir.Write("<script>x</script>.txt", Email + " and " + AwsKey + "\n");
        var result = await ScanAsync(path);
        var report = new ScanReport([path], DateTimeOffset.UnixEpoch, result, new ThresholdRules().Evaluate(new ScanTotals(result.TotalRows, result.TotalBytes, result.FindingsByType, 0)));
        var html = HtmlScanReport.Render(report);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;x&lt;/script&gt;.txt", html);
        Assert.DoesNotContain("src=", html);
        Assert.DoesNotContain("href=", html);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(html, "<svg ").Count);
        Assert.Contains("<title>EMAIL: 1</title>", html);

        using var memory = new MemoryStream();
        JUnitScanReport.Write(report, memory);
        var suite = XDocument.Parse(System.Text.Encoding.UTF8.GetString(memory.ToArray())).Root!.Element("testsuite")!;
        Assert.Equal("2", suite.Attribute("failures")!.Value);
        Assert.Contains(suite.Elements("testcase"), t => t.Element("failure")?.Attribute("message")?.Value.Contains("EMAIL: 1", StringComparison.Ordinal) == true);
    }
}
