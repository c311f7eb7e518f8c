using Gatehouse.Testing;

namespace Gatehouse.Cli.Tests;

public class ScanCommandTests
{
    [Fact]
    public async Task Findings_over_thresholds_exit_1_with_summary_masked_values_and_reports()
    {
        using var dir = new TempDir();
        dir.Write("data/chat.jsonl", "{\"messages\":[{\"content\":\"mail alice.smith@example.com\"}]}\n");
        var sarif = Path.Combine(dir.Path, "out/scan.sarif");
        var json = Path.Combine(dir.Path, "out/scan.json");
        var (exit, output, _) = await DatasetCli.RunAsync("scan", Path.Combine(dir.Path, "data"), "--sarif", sarif, "--json", json, "--workers", "1");
        Assert.Equal(1, exit);
        Assert.Contains("EMAIL", output);
        Assert.Contains("messages[0].content", output);
        Assert.DoesNotContain("alice.smith", output);
        Assert.Contains("FAIL EMAIL: 1 found, max 0", output);
        Assert.Contains("\"version\": \"2.1.0\"", await File.ReadAllTextAsync(sarif));
        Assert.Contains("\"exitCode\": 1", await File.ReadAllTextAsync(json));
    }

    [Fact]
    public async Task Allowed_findings_with_input_errors_exit_2_and_clean_exits_0()
    {
        using var dir = new TempDir();
        var bad = dir.Write("bad.jsonl", "{\"t\":\"bob@example.org\"}\n{oops\n");
        var (exit, output, _) = await DatasetCli.RunAsync("scan", bad, "--max", "EMAIL=1", "--show-values");
        Assert.Equal(2, exit);
        Assert.Contains("bob@example.org", output);
        Assert.Contains("bad.jsonl:2: malformed-json", output);
        var clean = dir.Write("clean.txt", "nothing here\n");
        Assert.Equal(0, (await DatasetCli.RunAsync("scan", clean)).Exit);
    }

    [Fact]
    public async Task Bad_threshold_is_a_usage_error()
    {
        using var dir = new TempDir();
        var clean = dir.Write("clean.txt", "nothing here\n");
        var (exit, _, error) = await DatasetCli.RunAsync("scan", clean, "--max", "EMAIL=many");
        Assert.Equal(2, exit);
        Assert.Contains("EMAIL=many", error);
    }

    [Fact]
    public async Task Redact_to_mirrors_the_layout_and_html_and_junit_reports_are_written()
    {
        using var dir = new TempDir();
        dir.Write("data/sub/chat.jsonl", "{\"t\":\"mail alice.smith@example.com\"}\n");
        dir.Write("data/people.csv", "name,mail\nAlice,alice.smith@example.com\n");
        var copies = Path.Combine(dir.Path, "redacted");
        var html = Path.Combine(dir.Path, "r.html");
        var junit = Path.Combine(dir.Path, "r.xml");
        var (exit, output, _) = await DatasetCli.RunAsync("scan", Path.Combine(dir.Path, "data"), "--redact-to", copies, "--html", html, "--junit", junit);
        Assert.Equal(1, exit);
        Assert.Contains("Redacted copies: 2 of 2", output);
        Assert.Equal("{\"t\":\"mail <EMAIL>\"}\n", await File.ReadAllTextAsync(Path.Combine(copies, "sub", "chat.jsonl")));
        Assert.Equal("name,mail\r\n<PERSON>,<EMAIL>\r\n", await File.ReadAllTextAsync(Path.Combine(copies, "people.csv")));
        Assert.Contains("<svg", await File.ReadAllTextAsync(html));
        Assert.Contains("<testsuite", await File.ReadAllTextAsync(junit));
    }

    [Fact]
    public async Task Custom_detectors_from_yaml_and_type_filter_and_bad_options_exit_2()
    {
        using var dir = new TempDir();
        var data = dir.Write("d/notes.txt", "badge EMP-123456 for alice.smith@example.com\n");
        var detectors = dir.Write("detectors.yaml", "detectors:\n  - entityType: EMPLOYEE_ID\n    pattern: '\\bEMP-\\d{6}\\b'\n    contextWords: [badge]\n");
        var json = Path.Combine(dir.Path, "r.json");
        var (exit, output, _) = await DatasetCli.RunAsync("scan", data, "--detectors", detectors, "--types", "employee_id", "--json", json);
        Assert.Equal(1, exit);
        Assert.Contains("FAIL EMPLOYEE_ID: 1 found, max 0", output);
        Assert.DoesNotContain("EMAIL", output);

        var unknown = await DatasetCli.RunAsync("scan", data, "--types", "EMAL");
        Assert.Equal(2, unknown.Exit);
        Assert.Contains("unknown entity type 'EMAL'", unknown.Err);
        var badYaml = dir.Write("bad.yaml", "detectors:\n  - entityType: X\n    patern: 'x'\n");
        var bad = await DatasetCli.RunAsync("scan", data, "--detectors", badYaml);
        Assert.Equal(2, bad.Exit);
        Assert.Contains("bad.yaml:3:5: unexpected 'patern", bad.Err);
    }

    [Fact]
    public async Task Redact_to_uses_the_detection_operators_and_hash_tokens_are_stable_with_the_data_dir_key()
    {
        using var dir = new TempDir();
        var data = dir.Write("d/cards.jsonl", "{\"t\":\"card 4111 1111 1111 1111 or alice.smith@example.com\"}\n");
        var state = Path.Combine(dir.Path, "state");
        async Task<string> CopyWith(string op, string into)
        {
            var (exit, _, error) = await DatasetCli.RunAsync("scan", data, "--redact-to", Path.Combine(dir.Path, into), "--operator", op, "--data", state);
            Assert.True(exit == 1, error);
            return System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir.Path, into, "cards.jsonl"))).RootElement.GetProperty("t").GetString()!;
        }
        Assert.StartsWith("card **** **** **** 1111 or ", await CopyWith("mask", "masked"));
        Assert.Equal("card  or ", await CopyWith("redact", "removed"));
        var hashed = await CopyWith("hash", "hashed");
        Assert.Matches("^card <CREDIT_CARD_HASH_[0-9a-f]{16}> or <EMAIL_HASH_[0-9a-f]{16}>$", hashed);
        Assert.True(File.Exists(Path.Combine(state, "dataset-redaction-hash.key")));
        Assert.Equal(hashed, await CopyWith("hash", "hashed-again"));
        // Per-request operators are refused by the parser (System.CommandLine's parse-error exit code, 1).
        var refused = await DatasetCli.RunAsync("scan", data, "--redact-to", Path.Combine(dir.Path, "x"), "--operator", "pseudonymize");
        Assert.NotEqual(0, refused.Exit);
        Assert.Contains("pseudonymize", refused.Err);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "x")));
    }
}
