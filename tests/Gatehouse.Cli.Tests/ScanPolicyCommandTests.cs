using Gatehouse.Testing;

namespace Gatehouse.Cli.Tests;

public class ScanPolicyCommandTests
{
    private static readonly string ShippedPolicy = Path.Combine(RepositoryPaths.Root, "policies", "default");

    [Fact]
    public async Task Shipped_rego_policy_allows_rare_emails_and_max_flags_still_apply_on_top()
    {
        using var dir = new TempDir();
        var rows = Enumerable.Range(0, 199).Select(i => $"{{\"t\":\"ticket {i} about the printer\"}}").Append("{\"t\":\"mail alice.smith@example.com\"}");
        var data = dir.Write("tickets.jsonl", string.Join("\n", rows) + "\n");

        var (exit, output, _) = await DatasetCli.RunAsync("scan", data, "--policy", ShippedPolicy, "--workers", "1");
        Assert.Equal(0, exit);
        Assert.Contains("EMAIL", output);

        var (strictExit, strictOutput, _) = await DatasetCli.RunAsync("scan", data, "--policy", ShippedPolicy, "--max", "EMAIL=0", "--workers", "1");
        Assert.Equal(1, strictExit);
        Assert.Contains("FAIL EMAIL: 1 found, max 0", strictOutput);
    }

    [Fact]
    public async Task Rego_policy_violations_fail_the_scan_and_bad_rego_is_a_usage_error_with_its_location()
    {
        using var dir = new TempDir();
        var data = dir.Write("one.jsonl", "{\"t\":\"mail alice.smith@example.com\"}\n");
        var (exit, output, _) = await DatasetCli.RunAsync("scan", data, "--policy", ShippedPolicy, "--workers", "1");
        Assert.Equal(1, exit);
        Assert.Contains("FAIL EMAIL: 1 found, 5 per 1,000 rows: 1 emails in 1 rows", output);

        var bad = dir.Write("policy/dataset.rego", "package gatehouse.dataset\n\nresult := {\n");
        var (badExit, _, error) = await DatasetCli.RunAsync("scan", data, "--policy", bad);
        Assert.Equal(2, badExit);
        Assert.Contains("dataset.rego:", error);
    }
}
