using System.Text.Json.Nodes;
using Gatehouse.Audit;
using Gatehouse.Audit.Records;
using Gatehouse.Governance.Models;
using Gatehouse.Governance.Models.Gate;
using Gatehouse.Governance.Models.Registry;
using Gatehouse.Testing;

namespace Gatehouse.Cli.Tests;

/// <summary><c>gatehouse model gate</c> with the shipped policy bundle, a real registry and a real audit log.</summary>
public sealed class ModelGateCommandTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "gatehouse-gate-cli-" + Guid.NewGuid().ToString("N"));

    public ModelGateCommandTests() => Directory.CreateDirectory(root);

    private string Data => Path.Combine(root, "data");

    private static string Policy => Path.Combine(RepositoryPaths.Root, "policies", "default");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(root, recursive: true); }
        catch (IOException) { /* a leftover temp folder must not hide the test's result */ }
    }

    private async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await GatehouseCli.RunAsync([.. args, "--data", Data], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private async Task RegisterAndApprove(string name = "support-slm", string version = "1.2.0")
    {
        var template = new StringWriter();
        Assert.Equal(0, await GatehouseCli.RunAsync(["model", "card-template"], template, new StringWriter()));
        var card = Path.Combine(root, "card.md");
        File.WriteAllText(card, template.ToString().Replace("[More Information Needed]", "Written by the support ML team.", StringComparison.Ordinal));
        var weights = Path.Combine(root, $"{name.Replace('/', '-')}.bin");
        File.WriteAllBytes(weights, Enumerable.Repeat((byte)7, 4096).ToArray());
        var register = await Run("model", "register", "--name", name, "--version", version, "--weights", weights, "--card", card, "--registrant", "alice");
        Assert.True(register.Exit == 0, register.Err);
        var approve = await Run("model", "approve", $"{name}@{version}", "--approver", "bob");
        Assert.True(approve.Exit == 0, approve.Err);
    }

    private async Task RecordRedTeam(string reference, int failed)
    {
        var registry = new ModelRegistry(Data);
        await new RedTeamResultStore(registry).RecordAsync(ModelReference.Parse(reference), "default", new string('a', 64), 12 - failed, failed, null, "carol");
    }

    [Fact]
    public async Task Gate_rejects_without_red_team_then_passes_and_every_step_is_in_a_verifying_audit_log()
    {
        await RegisterAndApprove();

        var rejected = await Run("model", "gate", "support-slm@1.2.0", "--policy", Policy);

        Assert.Equal(1, rejected.Exit);
        Assert.Matches(@"red_team_passed\s+FAIL\s+no red-team suite was run against this version", rejected.Out);
        Assert.Matches(@"card_complete\s+pass\s+complete", rejected.Out);
        Assert.Matches(@"approved_by_other\s+pass\s+approved by bob", rejected.Out);
        Assert.Contains("gate REJECTED (1 of 6 check(s) failed)", rejected.Out);
        var registry = new ModelRegistry(Data);
        var status = registry.GetDeploymentStatus(ModelReference.Parse("support-slm@1.2.0"));
        Assert.False(status.Allowed);
        Assert.Contains("rejected by the deployment gate", status.Reason);
        Assert.Contains("red_team_passed", status.Reason);
        Assert.True(registry.GetServingStatus(ModelReference.Parse("support-slm@1.2.0")).Allowed); // approval alone is not enough

        await RecordRedTeam("support-slm@1.2.0", failed: 0);
        var passed = await Run("model", "gate", "support-slm@1.2.0", "--policy", Policy, "--json");

        Assert.True(passed.Exit == 0, passed.Out + passed.Err);
        var json = JsonNode.Parse(passed.Out)!;
        Assert.True((bool)json["allow"]!);
        Assert.Equal(6, json["checks"]!.AsArray().Count);
        Assert.All(json["checks"]!.AsArray(), c => Assert.True((bool)c!["passed"]!));
        Assert.True(registry.GetDeploymentStatus(ModelReference.Parse("support-slm@1.2.0")).Allowed);
        Assert.Equal(["support-slm@1.2.0"], registry.DeployableVersions("support-slm").Select(m => m.Reference.ToString()));
        Assert.True(registry.LatestGateDecision(ModelReference.Parse("support-slm@1.2.0"))!.Allowed);

        await using var log = AuditLog.Open(Data, new AuditOptions { ReadOnly = true });
        var records = Enumerable.Range(0, (int)log.Size).Select(i => log.ExportEntry(i).Record).OfType<AdminRecord>().ToList();
        var actions = records.Select(r => r.Action).ToList();
        Assert.Equal(1, actions.Count(a => a == "model.register"));
        Assert.Equal(1, actions.Count(a => a == "model.approve"));
        Assert.Equal(2, actions.Count(a => a == "model.gate"));
        Assert.Contains("model.weights.verify", actions);
        var gates = records.Where(r => r.Action == "model.gate").ToList();
        Assert.Equal(["reject", "pass"], gates.Select(g => g.Details["outcome"]));
        Assert.Equal("red_team_passed", gates[0].Details["failed_checks"]);
        Assert.All(records, r => Assert.Equal("support-slm@1.2.0", r.Target));
        Assert.Equal("bob", records.Single(r => r.Action == "model.approve").Principal);
        Assert.Equal("alice", records.Single(r => r.Action == "model.register").Principal);
        Assert.True(log.Verify().Ok);
    }

    [Fact]
    public async Task A_failed_red_team_run_and_changed_weights_are_both_named()
    {
        await RegisterAndApprove();
        await RecordRedTeam("support-slm@1.2.0", failed: 2);
        File.AppendAllText(Path.Combine(root, "support-slm.bin"), "tampered");

        var gate = await Run("model", "gate", "support-slm@1.2.0", "--policy", Policy);

        Assert.Equal(1, gate.Exit);
        Assert.Matches(@"red_team_passed\s+FAIL\s+default: 10 passed, 2 failed", gate.Out);
        Assert.Matches(@"weights_unchanged\s+FAIL\s+.*support-slm\.bin: changed", gate.Out);
    }

    [Fact]
    public async Task Unknown_model_missing_bundle_and_bundle_without_deploy_exit_2()
    {
        await RegisterAndApprove();
        var unknown = await Run("model", "gate", "nope@1.0.0", "--policy", Policy);
        Assert.Equal(2, unknown.Exit);
        Assert.Contains("nope@1.0.0 is not registered", unknown.Err);

        var missing = await Run("model", "gate", "support-slm@1.2.0", "--policy", Path.Combine(root, "no-such-dir"));
        Assert.Equal(2, missing.Exit);
        Assert.Contains("policy bundle not found", missing.Err);

        var other = Path.Combine(root, "other.rego");
        File.WriteAllText(other, "package something\n\nimport rego.v1\n\nx := 1\n");
        var undefined = await Run("model", "gate", "support-slm@1.2.0", "--policy", other);
        Assert.Equal(2, undefined.Exit);
        Assert.Contains("data.gatehouse.deploy is undefined", undefined.Err);

        File.WriteAllText(other, "package gatehouse.deploy\n\nimport rego.v1\n\nallow := true\n\nchecks := [{\"name\": \"x\", \"passed\": false}]\n");
        var contradictory = await Run("model", "gate", "support-slm@1.2.0", "--policy", other);
        Assert.Equal(2, contradictory.Exit);
        Assert.Contains("\"allow\" is true while a check failed", contradictory.Err);

        File.WriteAllText(other, "package gatehouse.deploy\n\nallow := \n");
        var broken = await Run("model", "gate", "support-slm@1.2.0", "--policy", other);
        Assert.Equal(2, broken.Exit);
        Assert.Contains("other.rego:", broken.Err);
        Assert.Null(new ModelRegistry(Data).LatestGateDecision(ModelReference.Parse("support-slm@1.2.0")));
    }

    [Fact]
    public async Task A_name_with_a_slash_works_through_register_show_gate_and_bom()
    {
        await RegisterAndApprove("acme/support-slm", "1.2.0");
        await RecordRedTeam("acme/support-slm@1.2.0", failed: 0);

        var gate = await Run("model", "gate", "acme/support-slm@1.2.0", "--policy", Policy);
        Assert.True(gate.Exit == 0, gate.Out + gate.Err);
        var show = await Run("model", "show", "acme/support-slm@1.2.0");
        Assert.True(show.Exit == 0, show.Err);
        Assert.Contains("acme/support-slm@1.2.0", show.Out);
        var list = await Run("model", "list");
        Assert.Contains("acme/support-slm", list.Out);
        var bom = await Run("model", "bom", "acme/support-slm@1.2.0");
        Assert.True(bom.Exit == 0, bom.Err);
        Assert.Equal("model:acme/support-slm@1.2.0", (string?)JsonNode.Parse(bom.Out)!["components"]![0]!["bom-ref"]);
        Assert.True(new ModelRegistry(Data).GetDeploymentStatus(ModelReference.Parse("acme/support-slm@1.2.0")).Allowed);

        // Path-like names that could escape a folder or be ambiguous are refused.
        foreach (var bad in new[] { "/acme", "acme/", "acme//slm", "acme/../slm" })
        {
            var refused = await Run("model", "show", bad + "@1.0.0");
            Assert.True(refused.Exit == 2, bad);
            Assert.Contains("model name", refused.Err);
        }
    }
}
