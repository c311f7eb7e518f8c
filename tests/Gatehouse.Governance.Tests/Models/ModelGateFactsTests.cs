using Gatehouse.Governance.Models;
using Gatehouse.Governance.Models.Gate;
using Gatehouse.Governance.Models.Registry;

namespace Gatehouse.Governance.Tests.Models;

public class ModelGateFactsTests
{
    [Fact]
    public async Task Facts_of_a_fresh_fine_tune_show_what_the_gate_will_refuse()
    {
        using var workspace = new ModelWorkspace();
        var registry = workspace.OpenRegistry();
        await workspace.RegisterAsync(registry, "tiny-base@1.0.0");
        var manifest = workspace.Write("d/gatehouse-dataset.yaml", "name: tickets\nversion: 1.0.0\n");
        var model = await workspace.RegisterAsync(registry, "support-slm@1.0.0", registrant: "alice", baseReference: "tiny-base@1.0.0", datasets: [manifest]);

        var json = (await new ModelGateFactsBuilder(registry, new RedTeamResultStore(registry)).BuildAsync(model.Reference, "gate")).ToJson();

        Assert.Equal("alice", (string?)json["model"]!["registrant"]);
        Assert.True((bool)json["card"]!["complete"]!);
        Assert.Empty(json["card"]!["missing_sections"]!.AsArray());
        Assert.False((bool)json["red_team"]!["passed"]!);
        Assert.True((bool)json["weights"]!["unchanged"]!);
        Assert.False((bool)json["approvals"]!["approved_by_other"]!);
        Assert.Equal("tiny-base", (string?)json["lineage"]!["base"]!["name"]);
        Assert.False((bool)json["lineage"]!["base"]!["approved"]!);
        Assert.Equal(["support-slm@1.0.0", "tiny-base@1.0.0"], json["lineage"]!["chain"]!.AsArray().Select(n => (string?)n));
        var dataset = json["datasets"]![0]!;
        Assert.True((bool)dataset["manifest_unchanged"]!);
        Assert.False((bool)dataset["verification_present"]!);
    }

    [Fact]
    public async Task Approvals_red_team_results_and_tampering_all_change_the_facts()
    {
        using var workspace = new ModelWorkspace();
        var registry = workspace.OpenRegistry();
        var card = workspace.Write("half.md", CardSamples.Incomplete);
        var weights = workspace.WriteWeights("w.bin", 5);
        var manifest = workspace.Write("d/gatehouse-dataset.yaml", "name: tickets\n");
        SignedDataset.ForManifest(manifest, Path.Combine(workspace.DataDirectory, "dataset-signing.key"));
        var reference = new ModelReference("m", "2.0.0");
        await registry.RegisterAsync(new ModelRegistration(reference, [weights], "alice", null, [manifest], card, AllowIncompleteCard: true));
        await registry.ApproveAsync(reference, "bob");
        var redTeam = new RedTeamResultStore(registry);
        await redTeam.RecordAsync(reference, "default", new string('1', 64), 38, 2, null, "ci");
        await redTeam.RecordAsync(reference, "default", new string('1', 64), 40, 0, "/reports/junit.xml", "ci");
        File.AppendAllText(weights, "tampered");
        File.AppendAllText(manifest, "# edited\n");

        var facts = await new ModelGateFactsBuilder(registry, redTeam).BuildAsync(reference, "gate");

        Assert.False(facts.Card.Complete);
        Assert.Equal(["intended_use", "evaluation", "contact"], facts.Card.MissingSections);
        Assert.True(facts.Approvals.ApprovedByOther);
        Assert.True(Assert.Single(facts.Approvals.Approvals).DistinctFromRegistrant);
        Assert.True(facts.RedTeam.Passed, "the latest run of the suite is clean, which supersedes the failed one");
        Assert.Equal(2, facts.RedTeam.Results.Count);
        Assert.False(facts.Weights.Unchanged);
        Assert.Equal("changed", facts.Weights.Files[0].Status);
        Assert.False(facts.Datasets[0].ManifestUnchanged);
        Assert.True(facts.Datasets[0].VerificationPresent && facts.Datasets[0].VerificationUnchanged);
        Assert.Null(facts.Lineage.Base);
    }

    [Fact]
    public async Task A_red_team_result_for_another_version_does_not_count()
    {
        using var workspace = new ModelWorkspace();
        var registry = workspace.OpenRegistry();
        var old = await workspace.RegisterAsync(registry, "m@1.0.0");
        var current = await workspace.RegisterAsync(registry, "m@1.1.0");
        var redTeam = new RedTeamResultStore(registry);
        await redTeam.RecordAsync(old.Reference, "default", new string('2', 64), 10, 0, null, "ci");

        Assert.Empty(redTeam.ForModel(current.Reference));
        Assert.False((await new ModelGateFactsBuilder(registry, redTeam).BuildAsync(current.Reference, "gate")).RedTeam.Passed);
        await Assert.ThrowsAsync<ModelGovernanceException>(() => redTeam.RecordAsync(ModelReference.Parse("ghost@1.0.0"), "s", "x", 1, 0, null, "ci"));
    }
}
