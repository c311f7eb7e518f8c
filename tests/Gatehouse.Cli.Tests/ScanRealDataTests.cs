using System.Text;
using System.Text.Json;
using Gatehouse.Testing;
using Parquet;
using Parquet.Schema;

namespace Gatehouse.Cli.Tests;

/// <summary>
/// <c>gatehouse scan</c> end to end with the shipped detection engine on the shared reference data: credential
/// fixtures (secrets-dev, scanned in place) and labelled PII texts (pii-dev) laid out as JSONL, CSV and Parquet.
/// </summary>
public class ScanRealDataTests
{
    private static readonly string Samples = RepositoryPaths.SharedFile("datasets", "secrets-dev", "tests", "samples");

    private static JsonElement ByType(string reportPath) =>
        JsonDocument.Parse(File.ReadAllText(reportPath)).RootElement.GetProperty("findingsByType");

    private static long Count(JsonElement byType, string type) => byType.TryGetProperty(type, out var n) ? n.GetInt64() : 0;

    [Fact]
    public async Task Secrets_fixtures_fail_the_scan_and_their_redacted_copies_hold_no_key()
    {
        using var dir = new TempDir();
        var report = Path.Combine(dir.Path, "scan.json");
        var copies = Path.Combine(dir.Path, "redacted");
        var (exit, output, _) = await DatasetCli.RunAsync("scan", Samples, "--include", "aws_multi.json", "--include", "stripe_credentials",
            "--include", "slack_token.hs", "--json", report, "--redact-to", copies, "--workers", "2");
        Assert.Equal(1, exit);
        var byType = ByType(report);
        Assert.Equal(3, Count(byType, "AWS_ACCESS_KEY"));
        Assert.Equal(8, Count(byType, "STRIPE_KEY"));
        Assert.Equal(4, Count(byType, "SLACK_TOKEN"));
        Assert.Contains("FAIL AWS_ACCESS_KEY: 3 found, max 0", output);
        Assert.DoesNotContain("AKIAGIREOGIAWSKEY123", output);

        // The copy of the JSON file is still JSON, and none of the access key ids survived.
        var copy = await File.ReadAllTextAsync(Path.Combine(copies, "aws_multi.json"));
        using var parsed = JsonDocument.Parse(copy);
        Assert.Equal(JsonValueKind.Array, parsed.RootElement.ValueKind);
        Assert.Equal("<AWS_ACCESS_KEY>", parsed.RootElement[0].GetProperty("AwsAccessID").GetString());
        Assert.DoesNotContain("AKIAGIREOGIAWSKEY", copy);
    }

    [Fact]
    public async Task Labelled_pii_finds_the_same_cards_and_emails_in_jsonl_csv_and_parquet()
    {
        using var dir = new TempDir();
        using var samples = JsonDocument.Parse(await File.ReadAllTextAsync(RepositoryPaths.SharedFile("datasets", "pii-dev", "generated_large.json")));
        var texts = samples.RootElement.EnumerateArray().Select(s => s.GetProperty("full_text").GetString()!).ToList();
        var goldCards = samples.RootElement.EnumerateArray().SelectMany(s => s.GetProperty("spans").EnumerateArray())
            .Count(span => span.GetProperty("entity_type").GetString() == "CREDIT_CARD");

        dir.Write("jsonl/texts.jsonl", string.Concat(texts.Select(t => JsonSerializer.Serialize(new { text = t }) + "\n")));
        dir.Write("csv/texts.csv", "id,text\n" + string.Concat(texts.Select((t, i) => $"{i},\"{t.Replace("\"", "\"\"", StringComparison.Ordinal)}\"\n")));
        Directory.CreateDirectory(Path.Combine(dir.Path, "parquet"));
        await WriteParquetAsync(Path.Combine(dir.Path, "parquet", "texts.parquet"), texts);

        var counts = new List<(long Cards, long Emails, long Rows)>();
        foreach (var format in new[] { "jsonl", "csv", "parquet" })
        {
            var report = Path.Combine(dir.Path, format + ".json");
            var (exit, _, error) = await DatasetCli.RunAsync("scan", Path.Combine(dir.Path, format), "--types", "CREDIT_CARD,EMAIL", "--json", report);
            Assert.True(exit == 1, $"{format}: exit {exit} {error}");
            var byType = ByType(report);
            Assert.Equal(["CREDIT_CARD", "EMAIL"], byType.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
            var rows = JsonDocument.Parse(File.ReadAllText(report)).RootElement.GetProperty("totals").GetProperty("rows").GetInt64();
            counts.Add((Count(byType, "CREDIT_CARD"), Count(byType, "EMAIL"), rows));
        }
        Assert.All(counts, c => Assert.Equal(counts[0], c));
        Assert.Equal(texts.Count, counts[0].Rows);
        // Generated card numbers include some that fail the Luhn check, which the detector rightly rejects.
        Assert.InRange(counts[0].Cards, goldCards * 8 / 10, goldCards);
    }

    private static async Task WriteParquetAsync(string path, IReadOnlyList<string> texts)
    {
        var id = new DataField<int>("id");
        var text = new DataField<string>("text");
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(id, text), stream);
        // Two row groups, so the scan crosses a group boundary.
        var half = texts.Count / 2;
        foreach (var (from, to) in new[] { (0, half), (half, texts.Count) })
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(id, new ReadOnlyMemory<int>(Enumerable.Range(from, to - from).ToArray()));
            await group.WriteAsync(text, texts.Skip(from).Take(to - from).ToArray());
        }
    }
}
