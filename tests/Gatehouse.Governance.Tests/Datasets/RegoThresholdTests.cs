using Gatehouse.Governance.Datasets.Thresholds;
using Gatehouse.Policy;
using Gatehouse.Testing;
using static Gatehouse.Governance.Tests.Datasets.ScanFixture;

namespace Gatehouse.Governance.Tests.Datasets;

public class RegoThresholdTests
{
    private static readonly Lazy<RegoScanThresholdPolicy> Shipped = new(() => RegoScanThresholdPolicy.Load([Path.Combine(RepositoryPaths.Root, "policies", "default")]));

    private static ScanTotals Totals(long rows, params (string Type, long Count)[] counts) =>
        new(rows, rows * 80, counts.ToDictionary(c => c.Type, c => c.Count), 0);

    private static RegoScanThresholdPolicy FromRego(string body) =>
        new(PolicyEngine.FromSources([("dataset.rego", "package gatehouse.dataset\n\nimport rego.v1\n\n" + body + "\n")]));

    [Fact]
    public void Shipped_policy_fails_secrets_cards_and_health_data_and_allows_five_emails_per_thousand_rows()
    {
        Assert.True(Shipped.Value.Evaluate(Totals(2000, ("EMAIL", 10), ("PERSON", 30))).Passed);
        var decision = Shipped.Value.Evaluate(Totals(2000, ("EMAIL", 11), ("CREDIT_CARD", 1), ("GITHUB_TOKEN", 2), ("UK_NHS", 1)));
        Assert.Equal(["CREDIT_CARD", "EMAIL", "GITHUB_TOKEN", "UK_NHS"], decision.Violations.Select(v => v.EntityType).Order(StringComparer.Ordinal).ToArray());
        var email = decision.Violations.Single(v => v.EntityType == "EMAIL");
        Assert.Equal(11, email.Count);
        Assert.Equal("5 per 1,000 rows: 11 emails in 2000 rows", email.Limit);
        Assert.Equal("0: secrets must not be in a dataset", decision.Violations.Single(v => v.EntityType == "GITHUB_TOKEN").Limit);
    }

    [Fact]
    public async Task A_real_scan_reaches_the_policy_with_per_file_totals()
    {
        using var dir = new TempDir();
        dir.Write("d/keys.txt", "key " + AwsKey + "\n");
        dir.Write("d/chat.jsonl", "{\"content\":\"hello\"}\n");
        var result = await ScanAsync(Path.Combine(dir.Path, "d"), showValues: false);
        var totals = new ScanTotals(result.TotalRows, result.TotalBytes, result.FindingsByType, result.InputErrors.Count, result.Files);
        var input = RegoScanThresholdPolicy.ToInput(totals);
        Assert.Equal(2, input["files"]!.AsArray().Count);
        Assert.Equal(1, (long)input["findings_by_type"]!["AWS_ACCESS_KEY"]!);
        var perFile = FromRego("""
            result := {"pass": false, "violations": [{"type": t, "count": n, "limit": 0, "reason": f.file}]} if {
                some f in input.files
                some t, n in f.findings_by_type
            }
            """);
        var violation = Assert.Single(perFile.Evaluate(totals).Violations);
        Assert.Equal("AWS_ACCESS_KEY", violation.EntityType);
        Assert.EndsWith("keys.txt", violation.Limit, StringComparison.Ordinal);
        Assert.False(Shipped.Value.Evaluate(totals).Passed);
    }

    [Theory]
    [InlineData("x := 1", "is undefined")]
    [InlineData("result := \"yes\"", "is not an object")]
    [InlineData("result := {\"pass\": \"true\", \"violations\": []}", ".pass is missing or not a boolean")]
    [InlineData("result := {\"pass\": true}", ".violations is missing or not an array")]
    [InlineData("result := {\"pass\": false, \"violations\": [{\"type\": \"EMAIL\"}]}", ".violations[0] is not")]
    [InlineData("result := {\"pass\": false, \"violations\": []}", "pass is false without violations")]
    [InlineData("result := {\"pass\": true, \"violations\": [{\"type\": \"EMAIL\", \"count\": 1, \"limit\": 0, \"reason\": \"r\"}]}", "pass is true but violations")]
    [InlineData("result := {\"pass\": true, \"violations\": []} if 1 / 0 == input.rows\nresult := {\"pass\": false, \"violations\": []} if input.rows == 6", "is undefined")]
    public void Undefined_or_ill_typed_results_fail_closed_naming_the_problem(string rego, string problem)
    {
        var decision = FromRego(rego).Evaluate(Totals(5));
        Assert.False(decision.Passed);
        Assert.Contains(decision.Violations, v => v.EntityType == RegoScanThresholdPolicy.PolicyErrorType && v.Limit.Contains(problem, StringComparison.Ordinal));
    }

    [Fact]
    public void Conflicting_results_are_an_evaluation_error_that_fails_closed()
    {
        var decision = FromRego("result := {\"pass\": true, \"violations\": []}\nresult := {\"pass\": false, \"violations\": []} if input.rows > 0").Evaluate(Totals(5));
        var violation = Assert.Single(decision.Violations);
        Assert.Contains("could not be evaluated", violation.Limit, StringComparison.Ordinal);
    }

    [Fact]
    public void Combined_policies_pass_only_when_all_pass()
    {
        var combined = new CombinedThresholdPolicy([Shipped.Value, new ThresholdRules().Set("EMAIL", new ThresholdLimit(1, null))]);
        Assert.True(combined.Evaluate(Totals(2000, ("EMAIL", 1))).Passed);
        Assert.Equal(["EMAIL"], combined.Evaluate(Totals(2000, ("EMAIL", 2))).Violations.Select(v => v.EntityType).ToArray());
        Assert.Equal(2, combined.Evaluate(Totals(100, ("EMAIL", 2))).Violations.Count);
    }
}
