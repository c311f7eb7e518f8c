using System.Text.Json.Nodes;
using Gatehouse.Testing;

namespace Gatehouse.Cli.Tests;

/// <summary><c>gatehouse detect</c> in-process with the real detection engine.</summary>
public class DetectCommandTests
{
    private static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await GatehouseCli.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Text_with_findings_exits_1_and_masks_values_unless_asked()
    {
        var (exit, output, _) = await RunAsync("detect", "Mail alice.smith@example.com or call +1 415 555 0132");
        Assert.Equal(1, exit);
        Assert.Contains("EMAIL", output);
        Assert.Contains("PHONE", output);
        Assert.Contains("5-28", output); // code-point offsets, end exclusive
        Assert.DoesNotContain("alice.smith", output);
        Assert.Contains("2 findings.", output);

        var shown = await RunAsync("detect", "Mail alice.smith@example.com", "--show-values");
        Assert.Contains("alice.smith@example.com", shown.Out);
    }

    [Fact]
    public async Task Clean_text_exits_0()
    {
        var (exit, output, _) = await RunAsync("detect", "The weather is mild and the meeting moved to Tuesday.");
        Assert.Equal(0, exit);
        Assert.Contains("No findings.", output);
    }

    [Fact]
    public async Task Json_output_gives_type_offsets_score_and_a_masked_value()
    {
        var (exit, output, _) = await RunAsync("detect", "card 4111 1111 1111 1111 ok", "--json");
        Assert.Equal(1, exit);
        var finding = Assert.Single(JsonNode.Parse(output)!["findings"]!.AsArray())!;
        Assert.Equal("CREDIT_CARD", finding["type"]!.GetValue<string>());
        Assert.Equal(5, finding["start"]!.GetValue<int>());
        Assert.Equal(24, finding["end"]!.GetValue<int>());
        Assert.InRange(finding["score"]!.GetValue<double>(), 0.5, 1);
        Assert.EndsWith("1111", finding["value"]!.GetValue<string>());
        Assert.DoesNotContain("4111", output);
    }

    [Fact]
    public async Task A_json_file_is_scanned_by_path()
    {
        using var dir = new TempDir();
        var file = dir.Write("body.json", """{"user":{"notes":["nothing","reach me at bob@example.org"]},"n":3}""");
        var (exit, output, _) = await RunAsync("detect", "--file", file);
        Assert.Equal(1, exit);
        Assert.Contains("at user.notes[1]", output);
        Assert.Contains("EMAIL", output);
    }

    [Fact]
    public async Task Jsonl_writes_one_line_per_record_in_order_with_code_point_offsets()
    {
        using var dir = new TempDir();
        var file = dir.Write("in.jsonl", "{\"text\":\"nothing here\"}\n{\"text\":\"😀 mail bob@example.org\"}\n");
        var (exit, output, _) = await RunAsync("detect", "--jsonl", file);
        Assert.Equal(1, exit);
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Equal("""{"findings":[]}""", lines[0]);
        var finding = JsonNode.Parse(lines[1])!["findings"]![0]!;
        Assert.Equal("EMAIL", finding["type"]!.GetValue<string>());
        Assert.Equal(7, finding["start"]!.GetValue<int>()); // the emoji is one code point (two UTF-16 units)
        Assert.Equal(22, finding["end"]!.GetValue<int>());
        Assert.Null(finding["value"]);
    }

    [Fact]
    public async Task A_bad_jsonl_line_is_an_input_error_with_file_and_line_and_keeps_the_others()
    {
        using var dir = new TempDir();
        var file = dir.Write("in.jsonl", "{\"text\":\"bob@example.org\"}\n{oops\n{\"text\":\"fine\"}\n");
        var (exit, output, error) = await RunAsync("detect", "--jsonl", file);
        Assert.Equal(2, exit);
        Assert.Contains("in.jsonl:2:", error);
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Contains("\"error\"", lines[1]);
        Assert.Equal("""{"findings":[]}""", lines[2]);
    }

    [Fact]
    public async Task Missing_files_and_two_inputs_are_usage_errors()
    {
        Assert.Equal(2, (await RunAsync("detect", "--file", "/nonexistent/x.txt")).Exit);
        var (exit, _, error) = await RunAsync("detect", "text", "--jsonl", "/nonexistent/x.jsonl");
        Assert.Equal(2, exit);
        Assert.Contains("only one of", error);
    }

    [Fact]
    public async Task A_config_adds_custom_detectors_and_a_bad_one_is_reported_with_its_line()
    {
        using var dir = new TempDir();
        var good = dir.Write("good.yaml", "detection:\n  custom:\n    EMPLOYEE_ID:\n      pattern: '\\bEMP-\\d{6}\\b'\n");
        var (exit, output, _) = await RunAsync("detect", "badge EMP-123456", "--config", good);
        Assert.Equal(1, exit);
        Assert.Contains("EMPLOYEE_ID", output);
        var bad = dir.Write("bad.yaml", "detection:\n  custom:\n    EMPLOYEE_ID:\n      pattern: '(oops'\n");
        var failed = await RunAsync("detect", "x", "--config", bad);
        Assert.Equal(2, failed.Exit);
        Assert.Contains("bad.yaml:3", failed.Err);
    }

    [Fact]
    public async Task Eval_prints_precision_recall_and_f1_per_type_on_the_dev_data()
    {
        var (exit, output, _) = await RunAsync("detect", "--eval", RepositoryPaths.SharedFile("datasets", "pii-dev", "generated_small.json"), "--json");
        Assert.Equal(0, exit);
        var entities = JsonNode.Parse(output)!["entities"]!.AsArray().ToDictionary(e => e!["type"]!.GetValue<string>(), e => e!);
        foreach (var type in (string[])["EMAIL", "CREDIT_CARD"])
        {
            Assert.InRange(entities[type]["f1"]!.GetValue<double>(), 0.95, 1.0);
            Assert.True(entities[type]["tp"]!.GetValue<int>() > 0);
        }
        var table = await RunAsync("detect", "--eval", RepositoryPaths.SharedFile("datasets", "pii-dev", "generated_small.json"));
        Assert.Contains("PRECISION", table.Out);
        Assert.Matches(@"EMAIL\s+\d+\s+\d+\s+\d+\s+[01]\.\d{3}", table.Out);
    }
}
