using Gatehouse.Detection.Evaluation;
using Gatehouse.Testing;
using Xunit.Abstractions;

namespace Gatehouse.Detection.Tests;

/// <summary>Recall against the secrets-dev fixtures for the credential families Gatehouse claims to detect.</summary>
public sealed class SecretOracleTests(ITestOutputHelper output)
{
    private static readonly (string Rule, double Floor)[] Floors =
    [
        ("PEM Private Key", 0.9), ("AWS Client ID", 0.9), ("Gitlab Prefix Token", 0.7), ("Slack Token", 0.7), ("Slack Webhook", 1.0),
        ("JSON Web Token", 0.6), ("OpenAI Token", 0.6), ("Stripe Credentials", 0.6), ("URL Credentials", 0.6), ("Password", 0.3),
        ("Github Classic Token", 1.0), ("Github Fine-granted Token", 1.0), ("Google API Key", 1.0), ("NPM Token", 1.0),
        ("PyPi API Token", 1.0), ("Anthropic API Key", 1.0),
    ];

    [Fact]
    public void RecallOnCoveredRulesStaysAboveFloors()
    {
        var root = RepositoryPaths.SharedFile("datasets", "secrets-dev");
        var expected = SecretOracle.Load(Path.Combine(root, "tests", "data", "output.json"), root);
        var recalls = SecretOracle.Evaluate(DetectionEngine.Create(), expected, Floors.Select(f => f.Rule).ToHashSet());
        foreach (var r in recalls)
            output.WriteLine($"{r.Rule,-28} recall={r.Recall:F3} ({r.Found}/{r.Expected})");
        foreach (var (rule, floor) in Floors)
        {
            var r = Assert.Single(recalls, x => x.Rule == rule);
            Assert.True(r.Recall >= floor, $"{rule} recall {r.Recall:F3} < {floor}");
        }
    }
}
