using System.Net;
using Gatehouse.Gateway.Configuration;
using Gatehouse.Gateway.DataProtection;
using Gatehouse.Gateway.Pipeline;
using Gatehouse.Gateway.Tests.Support;

namespace Gatehouse.Gateway.Tests;

/// <summary>The <c>detection</c> section of gatehouse.yaml through the real loader, and the operator keys on disk.</summary>
public sealed class DetectionConfigTests
{
    private static readonly Dictionary<string, string?> NoEnvironment = new();

    private static GatewayConfig Load(string yaml)
    {
        var path = Path.Combine(TempDirectory.Create(), "gatehouse.yaml");
        File.WriteAllText(path, yaml);
        return GatewayConfigLoader.Load(path, NoEnvironment);
    }

    private static IReadOnlyList<string> Problems(string yaml) => Assert.Throws<ConfigException>(() => Load(yaml)).Problems;

    [Fact]
    public void Without_a_section_every_detector_runs_at_the_default_threshold()
    {
        var detection = Load("server:\n  urls: http://127.0.0.1:9\n").Detection;
        Assert.Same(DetectionConfig.Default, detection);
        Assert.True(detection.Enabled);
        Assert.Null(detection.EntityTypes);
    }

    [Fact]
    public void A_full_section_is_read_with_custom_detectors()
    {
        var detection = Load("""
            detection:
              entityTypes: [EMAIL, CREDIT_CARD]
              minimumScore: 0.7
              timeBudget: 500ms
              custom:
                EMPLOYEE_ID:
                  pattern: '\bEMP-(?<v>\d{16})\b'
                  validator: luhn
                  context: [employee, staff]
                  score: 0.6
            """).Detection;
        Assert.Equal(["CREDIT_CARD", "EMAIL", "EMPLOYEE_ID"], detection.EntityTypes!.Order());
        Assert.Equal(0.7, detection.MinimumScore);
        Assert.Equal(TimeSpan.FromMilliseconds(500), detection.TimeBudget);
        var custom = Assert.Single(detection.CustomDetectors);
        Assert.Equal(("EMPLOYEE_ID", "luhn", 0.6), (custom.EntityType, custom.Validator, custom.Score));
        Assert.Equal(["employee", "staff"], custom.ContextWords);
    }

    [Fact]
    public void Keys_in_clear_are_refused_with_file_line_and_what_to_do_instead()
    {
        var problem = Assert.Single(Problems("detection:\n  hashKey: c2VjcmV0\n"));
        Assert.StartsWith("gatehouse.yaml:2: ", problem);
        Assert.Contains("hashKey", problem);
        Assert.Contains("never go into the configuration in clear", problem);
        Assert.Contains("hashKeyFile", problem);
    }

    [Fact]
    public void Bad_patterns_validators_scores_and_types_are_each_reported_with_their_line()
    {
        var problems = Problems("""
            detection:
              minimumScore: 2
              entityTypes: [EMAIL, NOT_A_TYPE]
              custom:
                BAD_PATTERN:
                  pattern: '(unclosed'
                BAD_VALIDATOR:
                  pattern: '\d+'
                  validator: crc99
                lower_case:
                  pattern: 'x'
                  colour: red
            """);
        Assert.Contains(problems, p => p.StartsWith("gatehouse.yaml:2:", StringComparison.Ordinal) && p.Contains("from 0 to 1"));
        Assert.Contains(problems, p => p.StartsWith("gatehouse.yaml:3:", StringComparison.Ordinal) && p.Contains("unknown entity type 'NOT_A_TYPE'"));
        Assert.Contains(problems, p => p.StartsWith("gatehouse.yaml:5:", StringComparison.Ordinal) && p.Contains("invalid pattern"));
        Assert.Contains(problems, p => p.StartsWith("gatehouse.yaml:7:", StringComparison.Ordinal) && p.Contains("unknown validator 'crc99'"));
        Assert.Contains(problems, p => p.Contains("upper case letters"));
        Assert.Contains(problems, p => p.Contains("colour") && p.Contains("unknown key"));
    }

    [Fact]
    public void Keys_are_generated_once_in_the_data_directory_readable_only_by_the_owner()
    {
        var directory = TempDirectory.Create();
        var first = DetectionKeys.LoadOrCreate(directory, null, null);
        var second = DetectionKeys.LoadOrCreate(directory, null, null);
        Assert.Equal(first.HashKey, second.HashKey);
        Assert.Equal(first.EncryptionKey, second.EncryptionKey);
        Assert.NotEqual(first.HashKey, first.EncryptionKey);
        foreach (var name in (string[])[DetectionKeys.HashKeyFileName, DetectionKeys.EncryptionKeyFileName])
        {
            var path = Path.Combine(directory, name);
            Assert.Equal(32, new FileInfo(path).Length);
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void A_key_file_of_the_wrong_size_stops_the_start_naming_the_file()
    {
        var directory = TempDirectory.Create();
        var path = Path.Combine(directory, "short.key");
        File.WriteAllBytes(path, new byte[7]);
        var error = Assert.Throws<InvalidOperationException>(() => DetectionKeys.LoadOrCreate(directory, path, null));
        Assert.Contains(path, error.Message);
        Assert.Contains("7 bytes", error.Message);
    }

    [Fact]
    public async Task A_custom_detector_from_the_config_drives_the_hash_action_deterministically()
    {
        var decider = DelegateDecider.Permit(new Dictionary<string, EntityAction> { ["EMPLOYEE_ID"] = EntityAction.Hash });
        await using var setup = await DetectionGateway.StartAsync(decider, """
            detection:
              custom:
                EMPLOYEE_ID:
                  pattern: '\bEMP-\d{6}\b'
                  context: [employee]
            """);
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.OK, (await setup.PostAsync("""{"model":"m","messages":[{"role":"user","content":"employee EMP-123456 asked"}]}""")).StatusCode);
        var forwarded = setup.Upstream.Received.Select(r => r["messages"]![0]!["content"]!.GetValue<string>()).ToArray();
        Assert.Matches(@"^employee <EMPLOYEE_ID_HASH_[0-9a-f]{16}> asked$", forwarded[0]);
        Assert.Equal(forwarded[0], forwarded[1]);
        Assert.True(File.Exists(Path.Combine(setup.Gateway.DataDirectory, DetectionKeys.HashKeyFileName)));
    }

    [Fact]
    public async Task Detection_can_be_switched_off_and_then_finds_nothing()
    {
        var decider = DelegateDecider.Permit();
        await using var setup = await DetectionGateway.StartAsync(decider, "detection:\n  enabled: false\n");
        var response = await setup.PostAsync("""{"model":"m","messages":[{"role":"user","content":"mail eve@example.com"}]}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(Assert.Single(decider.Seen).InputFindings);
        Assert.Contains("eve@example.com", await response.Content.ReadAsStringAsync());
    }
}
