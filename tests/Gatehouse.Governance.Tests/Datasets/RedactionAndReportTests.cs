using System.Text.Json;
using System.Xml.Linq;
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
