using System.Text.Json;
using Gatehouse.Governance.Datasets.Reports;
using Gatehouse.Governance.Datasets.Thresholds;
using Gatehouse.Testing;
using static Gatehouse.Governance.Tests.Datasets.ScanFixture;

namespace Gatehouse.Governance.Tests.Datasets;

public class ReportAndThresholdTests
{
    private static async Task<ScanReport> ReportAsync(TempDir dir, ThresholdRules rules)
    {
        dir.Write("d/chat.jsonl", string.Concat(Enumerable.Range(0, 100).Select(i => $"{{\"content\":\"row {i}{(i % 50 == 0 ? " " + Email : "")}\"}}\n")) + "{broken\n");
        dir.Write("d/keys.txt", "key " + AwsKey + "\n");
        var result = await ScanAsync(Path.Combine(dir.Path, "d"), showValues: false);
        return new ScanReport([dir.Path], DateTimeOffset.UnixEpoch, result, rules.Evaluate(new ScanTotals(result.TotalRows, result.TotalBytes, result.FindingsByType, result.InputErrors.Count)));
    }

    [Fact]
    public async Task Exit_code_is_1_on_threshold_failure_else_2_on_input_errors_else_0()
    {
        using var dir = new TempDir();
        var strict = await ReportAsync(dir, new ThresholdRules());
        Assert.Equal(1, strict.ExitCode);
        Assert.Equal(["AWS_ACCESS_KEY", "EMAIL"], strict.Decision.Violations.Select(v => v.EntityType).ToArray());
        var lenient = await ReportAsync(dir, new ThresholdRules().Set("EMAIL", new ThresholdLimit(null, 20)).Set("AWS_ACCESS_KEY", new ThresholdLimit(1, null)));
        Assert.True(lenient.Decision.Passed);
        Assert.Equal(2, lenient.ExitCode);
        Assert.Equal(0, ScanExitCodes.For(new ThresholdDecision([]), 0));
    }

    [Fact]
    public async Task Values_are_masked_unless_asked()
    {
        using var dir = new TempDir();
        var report = await ReportAsync(dir, new ThresholdRules());
        var email = report.Result.Findings.First(f => f.EntityType == "EMAIL");
        Assert.DoesNotContain("smith", email.Value, StringComparison.Ordinal);
        Assert.Equal(Email.Length, email.Value.Length);
    }

    [Fact]
    public void Rules_parse_from_cli_and_yaml_and_yaml_errors_carry_line_and_column()
    {
        Assert.Equal(("EMAIL", new ThresholdLimit(null, 5)), ThresholdRules.ParseRule("EMAIL=5/1000"));
        Assert.Equal(("*", new ThresholdLimit(3, null)), ThresholdRules.ParseRule("*=3"));
        Assert.Throws<FormatException>(() => ThresholdRules.ParseRule("EMAIL=lots"));
        var rules = ThresholdRules.FromYaml(new StringReader("default: {maxCount: 2}\nentities:\n  EMAIL: {maxPerThousandRows: 5}\n"), "t.yaml");
        Assert.Equal(new ThresholdLimit(2, null), rules.Default);
        Assert.Equal(5, rules.Limits["EMAIL"].MaxPerThousandRows);
        var error = Assert.Throws<FormatException>(() => ThresholdRules.FromYaml(new StringReader("default: {maxCount: 2}\nentities:\n  EMAIL: {maxRows: x}\n"), "t.yaml"));
        Assert.StartsWith("t.yaml:3:", error.Message);
    }

    [Fact]
    public async Task Json_report_round_trips()
    {
        using var dir = new TempDir();
        var report = await ReportAsync(dir, new ThresholdRules());
        using var memory = new MemoryStream();
        JsonScanReport.Write(report, memory);
        memory.Position = 0;
        var read = JsonScanReport.Read(memory);
        Assert.Equal(3, read.Totals.Findings);
        Assert.Equal(2, read.FindingsByType["EMAIL"]);
        Assert.Equal("malformed-json", Assert.Single(read.InputErrors).Kind);
        Assert.Equal(1, read.ExitCode);
    }

    [Fact]
    public async Task Sarif_has_the_required_2_1_0_structure()
    {
        using var dir = new TempDir();
        var report = await ReportAsync(dir, new ThresholdRules().Set("EMAIL", new ThresholdLimit(10, null)));
        using var memory = new MemoryStream();
        SarifScanReport.Write(report, memory);
        using var sarif = JsonDocument.Parse(memory.ToArray());
        var root = sarif.RootElement;
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        var run = Assert.Single(root.GetProperty("runs").EnumerateArray());
        var driver = run.GetProperty("tool").GetProperty("driver");
        Assert.Equal("gatehouse", driver.GetProperty("name").GetString());
        var ruleIds = driver.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToArray();
        Assert.Equal(["gatehouse/AWS_ACCESS_KEY", "gatehouse/EMAIL"], ruleIds);
        var results = run.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(3, results.Length);
        foreach (var result in results)
        {
            Assert.Contains(result.GetProperty("ruleId").GetString(), ruleIds);
            Assert.Contains(result.GetProperty("level").GetString(), new[] { "error", "warning", "note", "none" });
            Assert.False(string.IsNullOrEmpty(result.GetProperty("message").GetProperty("text").GetString()));
            var physical = Assert.Single(result.GetProperty("locations").EnumerateArray()).GetProperty("physicalLocation");
            Assert.False(string.IsNullOrEmpty(physical.GetProperty("artifactLocation").GetProperty("uri").GetString()));
            Assert.True(physical.GetProperty("region").GetProperty("startLine").GetInt32() >= 1);
        }
        var key = results.Single(r => r.GetProperty("ruleId").GetString() == "gatehouse/AWS_ACCESS_KEY");
        Assert.Equal("error", key.GetProperty("level").GetString());
        Assert.Equal("warning", results.First(r => r.GetProperty("ruleId").GetString() == "gatehouse/EMAIL").GetProperty("level").GetString());
    }
}
