using System.Text.Json;
using System.Xml.Linq;
using Gatehouse.Cli;

namespace Gatehouse.Cli.Tests;

public sealed class PolicyCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("gatehouse-policy-cli-");

    public void Dispose() => _dir.Delete(true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await GatehouseCli.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Check_accepts_a_valid_bundle()
    {
        Write("p.rego", "package app\n\nallow if input.user == \"alice\"\n");
        var (exit, output, _) = await Run("policy", "check", _dir.FullName);
        Assert.Equal(0, exit);
        Assert.Contains("ok: 1 modules", output);
    }

    [Fact]
    public async Task Check_reports_every_error_with_file_line_and_column()
    {
        var bad = Write("bad.rego", "package app\n\nallow {\n  true\n}\n");
        var unsafeFile = Write("unsafe.rego", "package other\n\np if x > 1\n");
        var (exit, _, error) = await Run("policy", "check", _dir.FullName);
        Assert.Equal(1, exit);
        Assert.Contains($"{bad}:3:7: rego_parse_error: `if` keyword is required before rule body", error);
        Assert.DoesNotContain(unsafeFile, error); // compile runs once parsing succeeds everywhere
    }

    [Fact]
    public async Task Eval_prints_the_opa_result_shape()
    {
        var policy = Write("p.rego", "package app\n\nroles := {\"alice\": [\"admin\"]}\n\nallow if \"admin\" in roles[input.user]\n");
        var input = Write("input.json", "{\"user\": \"alice\"}");
        var (exit, output, _) = await Run("policy", "eval", "-d", policy, "-i", input, "data.app.allow; x := 1");
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var result = json.RootElement.GetProperty("result")[0];
        var expression = result.GetProperty("expressions")[0];
        Assert.True(expression.GetProperty("value").GetBoolean());
        Assert.Equal("data.app.allow", expression.GetProperty("text").GetString());
        Assert.Equal(1, expression.GetProperty("location").GetProperty("row").GetInt32());
        Assert.Equal(1, expression.GetProperty("location").GetProperty("col").GetInt32());
        Assert.Equal(1, result.GetProperty("bindings").GetProperty("x").GetInt32());
    }

    [Fact]
    public async Task Eval_indents_numbers_in_arrays_and_sets_like_every_other_value()
    {
        var policy = Write("n.rego", "package n\n\ns := {3, 1, 2}\n\na := [1.5, {\"b\": [7]}, 12345678901234567890123]\n");
        var (exit, output, _) = await Run("policy", "eval", "-d", policy, "data.n");
        Assert.Equal(0, exit);
        var lines = output.Split('\n').Select(l => l.Trim()).ToList();
        // Each element on a line of its own, as for strings and objects (a number used to follow its bracket: "[1,2,3").
        Assert.DoesNotContain(lines, l => l.Length > 1 && l[0] == '[' && char.IsDigit(l[1]));
        Assert.Contains("1,", lines);
        Assert.Contains("1.5,", lines);
        Assert.Contains("12345678901234567890123", lines);
        using var json = JsonDocument.Parse(output);
        var value = json.RootElement.GetProperty("result")[0].GetProperty("expressions")[0].GetProperty("value");
        Assert.Equal("[1,2,3]", value.GetProperty("s").GetRawText().Replace(" ", "").Replace("\n", ""));
    }

    [Fact]
    public async Task Eval_writes_print_output_to_stderr_and_keeps_stdout_json()
    {
        var policy = Write("p.rego", "package app\n\nallow if {\n  print(\"user is\", input.user, input.missing)\n  input.user == \"alice\"\n}\n");
        var input = Write("input.json", "{\"user\": \"alice\"}");
        var (exit, output, error) = await Run("policy", "eval", "-d", policy, "-i", input, "data.app.allow");
        Assert.Equal(0, exit);
        Assert.Equal("user is alice <undefined>", error.Trim());
        using var json = JsonDocument.Parse(output);
        Assert.True(json.RootElement.GetProperty("result")[0].GetProperty("expressions")[0].GetProperty("value").GetBoolean());
    }

    [Fact]
    public async Task Test_shows_print_output_under_its_test()
    {
        Write("p_test.rego", "package app\n\ntest_sum if {\n  print(\"sum is\", 1 + 2)\n  1 + 2 == 4\n}\n");
        var (exit, output, _) = await Run("policy", "test", _dir.FullName);
        Assert.Equal(1, exit);
        Assert.Contains("data.app.test_sum: FAIL", output);
        Assert.Contains("\n  sum is 3", output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Eval_prints_an_empty_object_when_undefined()
    {
        var policy = Write("p.rego", "package app\n\nallow if input.user == \"alice\"\n");
        var (exit, output, _) = await Run("policy", "eval", "-d", policy, "data.app.allow");
        Assert.Equal(0, exit);
        Assert.Equal("{}", output.Trim());
    }

    [Fact]
    public async Task Eval_rejects_malformed_input_and_queries_with_locations()
    {
        var policy = Write("p.rego", "package app\n\nallow := true\n");
        var input = Write("input.json", "{\"user\": }");
        var bad = await Run("policy", "eval", "-d", policy, "-i", input, "data.app.allow");
        Assert.Equal(2, bad.Exit);
        Assert.StartsWith($"{input}:1:", bad.Err);

        var badQuery = await Run("policy", "eval", "-d", policy, "data.app.allow ==");
        Assert.Equal(2, badQuery.Exit);
        Assert.Contains("query:1:", badQuery.Err);
        Assert.Contains("rego_parse_error", badQuery.Err);
    }

    [Fact]
    public async Task Test_runs_test_rules_and_writes_junit()
    {
        Write("p.rego", "package app\n\nallow if input.user == \"alice\"\n");
        Write("p_test.rego", "package app_test\n\ntest_alice if data.app.allow with input.user as \"alice\"\n\ntest_bob if data.app.allow with input.user as \"bob\"\n");
        var junit = Path.Combine(_dir.FullName, "report.xml");
        var (exit, output, _) = await Run("policy", "test", _dir.FullName, "--junit", junit);
        Assert.Equal(1, exit);
        Assert.Contains("data.app_test.test_alice: PASS", output);
        Assert.Contains("data.app_test.test_bob: FAIL", output);
        Assert.Contains("PASS: 1/2", output);
        Assert.Contains("FAIL: 1/2", output);
        var suite = XDocument.Load(junit).Root!.Element("testsuite")!;
        Assert.Equal("2", suite.Attribute("tests")!.Value);
        Assert.Equal("1", suite.Attribute("failures")!.Value);
    }

    [Fact]
    public async Task Test_fails_with_usage_error_on_unparsable_policy()
    {
        var bad = Write("p.rego", "package app\n\nallow := [\n");
        var (exit, _, error) = await Run("policy", "test", _dir.FullName);
        Assert.Equal(2, exit);
        Assert.Contains($"{bad}:4:1: rego_parse_error", error);
    }

    [Fact]
    public async Task Conformance_reports_per_directory_and_a_total_line()
    {
        Write("suite/basics/cases.yaml", """
            ---
            cases:
              - note: basics/pass
                query: data.test.p = x
                modules:
                  - |
                    package test

                    p := 1 + 1
                want_result:
                  - x: 2
              - note: basics/fail
                query: data.test.p = x
                modules:
                  - |
                    package test

                    p := 3
                want_result:
                  - x: 2
            """);
        var (exit, output, _) = await Run("policy", "conformance", Path.Combine(_dir.FullName, "suite"));
        Assert.Equal(1, exit);
        Assert.Contains("basics: 1/2", output);
        Assert.Equal("conformance: 1 passed, 1 failed", output.TrimEnd().Split('\n')[^1].Trim());
    }

    [Fact]
    public async Task Conformance_rejects_a_missing_directory()
    {
        var (exit, _, error) = await Run("policy", "conformance", Path.Combine(_dir.FullName, "nope"));
        Assert.Equal(2, exit);
        Assert.Contains("no such directory", error);
    }
}
