using System.Security.Cryptography;
using Gatehouse.Governance.Models;
using Gatehouse.Governance.Models.Registry;

namespace Gatehouse.Governance.Tests.Models;

public class ModelRegistryTests
{
    [Fact]
    public async Task Registration_records_weights_by_digest_card_registrant_and_time()
    {
        using var workspace = new ModelWorkspace();
        var registry = workspace.OpenRegistry();
        var first = workspace.WriteWeights("w/model-00001.safetensors", 1, 10_000);
        var second = workspace.WriteWeights("w/model-00002.safetensors", 2, 20_000);
        var before = DateTimeOffset.UtcNow;

        var model = await registry.RegisterAsync(new ModelRegistration(
            new ModelReference("support-slm", "1.2.0"), [first, second], "alice", CardPath: workspace.WriteCompleteCard()));

        Assert.Equal("support-slm@1.2.0", model.Reference.ToString());
        Assert.Equal("alice", model.Registrant);
        Assert.InRange(model.RegisteredAt, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal([Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(first))), Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(second)))],
            model.Weights.Select(w => w.Sha256));
        Assert.Equal([10_000L, 20_000L], model.Weights.Select(w => w.SizeBytes));
        Assert.Equal(CardSamples.Complete, model.Card!.Text);
        Assert.True(File.Exists(Path.Combine(workspace.DataDirectory, "registry.db")));

        // A second registry over the same file sees the same record: it is persisted, not cached.
        var reopened = new ModelRegistry(workspace.DataDirectory).Get(model.Reference);
        Assert.Equal(model.Weights, reopened.Weights);
        Assert.Equal(model.RegisteredAt, reopened.RegisteredAt);
        Assert.Equal(RegistryEventKind.ModelRegistered, Assert.Single(workspace.Events.Events).Kind);
    }

    [Fact]
    public async Task A_fine_tune_points_at_its_base_and_lineage_walks_to_the_root()
    {
        using var workspace = new ModelWorkspace();
        var registry = workspace.OpenRegistry();
        await workspace.RegisterAsync(registry, "tiny-base@1.0.0");
        await workspace.RegisterAsync(registry, "support-slm@1.0.0", baseReference: "tiny-base@1.0.0");
        await workspace.RegisterAsync(registry, "support-slm@1.1.0", baseReference: "support-slm@1.0.0");

        var lineage = registry.GetLineage(ModelReference.Parse("support-slm@1.1.0"));

        Assert.Equal(["support-slm@1.1.0", "support-slm@1.0.0", "tiny-base@1.0.0"], lineage.Select(m => m.Reference.ToString()));
        Assert.Equal(3, registry.List().Count);
    }

    [Fact]
    public async Task Datasets_are_recorded_by_manifest_digest_with_their_verification_statement()
    {
        using var workspace = new ModelWorkspace();
        var manifest = workspace.Write("tickets/gatehouse-dataset.yaml", """
            name: support-tickets
            version: 2025.1
            owner: Support Ops
            sources:
              - origin: crm-export
                licence: CC-BY-4.0
            """);
        var statement = SignedDataset.ForManifest(manifest, Path.Combine(workspace.DataDirectory, "dataset-signing.key")).EnvelopePath;
        var bare = workspace.Write("other/gatehouse-dataset.yaml", "name: scraped\n");
        var registry = workspace.OpenRegistry();

        var model = await workspace.RegisterAsync(registry, "support-slm@1.0.0", datasets: [manifest, bare]);

        var tickets = model.Datasets[0];
        Assert.Equal(("support-tickets", "2025.1", "Support Ops"), (tickets.Name, tickets.Version, tickets.Owner));
        Assert.Equal(["CC-BY-4.0"], tickets.Licenses);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(manifest))), tickets.ManifestSha256);
        Assert.Equal(statement, tickets.StatementPath);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(statement))), tickets.StatementSha256);
        Assert.Null(model.Datasets[1].StatementPath);
    }

    [Fact]
    public async Task A_missing_or_malformed_dataset_manifest_is_refused_with_its_location()
    {
        using var workspace = new ModelWorkspace();
        var registry = workspace.OpenRegistry();
        var broken = workspace.Write("d/gatehouse-dataset.yaml", "name: tickets\nsources: [unclosed\n");
        var absent = Path.Combine(workspace.Root, "nowhere", "gatehouse-dataset.yaml");

        var malformed = await Assert.ThrowsAsync<ModelGovernanceException>(() => workspace.RegisterAsync(registry, "m@1.0.0", datasets: [broken]));
        var missing = await Assert.ThrowsAsync<ModelGovernanceException>(() => workspace.RegisterAsync(registry, "m@1.0.0", datasets: [absent]));

        Assert.Equal(ModelErrorKind.InvalidDatasetManifest, malformed.Kind);
        Assert.StartsWith(broken + ":", malformed.Message, StringComparison.Ordinal);
        Assert.Equal(ModelErrorKind.MissingFile, missing.Kind);
        Assert.Equal($"dataset manifest not found: {absent}", missing.Message);
        Assert.Empty(registry.List());
    }

    [Fact]
    public async Task Approval_by_another_person_is_recorded_and_makes_the_version_approved()
    {
        using var workspace = new ModelWorkspace();
        var registry = workspace.OpenRegistry();
        var model = await workspace.RegisterAsync(registry, "support-slm@1.2.0", registrant: "alice");
        Assert.False(model.IsApproved);

        var approval = await registry.ApproveAsync(model.Reference, "bob", "red-team report reviewed");

        var stored = registry.Get(model.Reference);
        Assert.True(stored.IsApproved);
        Assert.Equal(("bob", "red-team report reviewed"), (Assert.Single(stored.Approvals).Approver, stored.Approvals[0].Note));
        Assert.Equal(approval.ApprovedAt, stored.Approvals[0].ApprovedAt);
        Assert.Equal(["support-slm@1.2.0"], registry.ApprovedVersions("support-slm").Select(m => m.Reference.ToString()));
        Assert.Contains(workspace.Events.Events, e => e.Kind == RegistryEventKind.ModelApproved && e.Actor == "bob");
    }

    [Fact]
    public async Task Approval_by_the_registrant_is_refused_and_nothing_is_stored()
    {
        using var workspace = new ModelWorkspace();
        var registry = workspace.OpenRegistry();
        var model = await workspace.RegisterAsync(registry, "support-slm@1.2.0", registrant: "alice");

        var error = await Assert.ThrowsAsync<ModelGovernanceException>(() => registry.ApproveAsync(model.Reference, "alice"));

        Assert.Equal(ModelErrorKind.SelfApproval, error.Kind);
        Assert.Contains("alice registered support-slm@1.2.0", error.Message);
        Assert.Empty(registry.Get(model.Reference).Approvals);
    }

    [Fact]
    public async Task The_four_eyes_rule_ignores_case_and_spaces_in_identities()
    {
        using var workspace = new ModelWorkspace();
        var registry = workspace.OpenRegistry();
        var model = await workspace.RegisterAsync(registry, "m@1.0.0", registrant: "alice");

        var error = await Assert.ThrowsAsync<ModelGovernanceException>(() => registry.ApproveAsync(model.Reference, " Alice "));

        Assert.Equal(ModelErrorKind.SelfApproval, error.Kind);
    }

    [Fact]
    public async Task Serving_status_refuses_unknown_and_unapproved_versions_with_the_reason()
    {
        using var workspace = new ModelWorkspace();
        var registry = workspace.OpenRegistry();
        await workspace.RegisterAsync(registry, "m@1.9.0");
        await workspace.RegisterAsync(registry, "m@1.10.0");
        await workspace.RegisterAsync(registry, "m@2.0.0-rc.1");

        var unknown = registry.GetServingStatus(ModelReference.Parse("m@3.0.0"));
        var unapproved = registry.GetServingStatus(ModelReference.Parse("m@1.10.0"));
        Assert.False(unknown.Allowed);
        Assert.Equal("model m@3.0.0 is not registered", unknown.Reason);
        Assert.False(unapproved.Allowed);
        Assert.Contains("is not approved", unapproved.Reason);

        foreach (var version in new[] { "1.9.0", "1.10.0", "2.0.0-rc.1" })
            await registry.ApproveAsync(ModelReference.Parse("m@" + version), "bob");
        Assert.True(registry.GetServingStatus(ModelReference.Parse("m@1.10.0")).Allowed);
        // Semantic-version precedence, not text order: 1.10.0 is newer than 1.9.0, and a release candidate of 2.0.0 is newer still.
        Assert.Equal(["2.0.0-rc.1", "1.10.0", "1.9.0"], registry.ApprovedVersions("m").Select(m => m.Reference.Version));
    }

    [Fact]
    public async Task Verification_reports_changed_and_missing_weight_files()
    {
        using var workspace = new ModelWorkspace();
        var registry = workspace.OpenRegistry();
        var kept = workspace.WriteWeights("w/a.bin", 1);
        var altered = workspace.WriteWeights("w/b.bin", 2);
        var removed = workspace.WriteWeights("w/c.bin", 3);
        var reference = new ModelReference("m", "1.0.0");
        await registry.RegisterAsync(new ModelRegistration(reference, [kept, altered, removed], "alice"));
        Assert.True((await registry.VerifyWeightsAsync(reference, "ci")).AllUnchanged);

        using (var stream = File.OpenWrite(altered))
            stream.WriteByte(0xFF);
        File.Delete(removed);
        var result = await registry.VerifyWeightsAsync(reference, "ci");

        Assert.False(result.AllUnchanged);
        Assert.Equal([WeightStatus.Unchanged, WeightStatus.Changed, WeightStatus.Missing], result.Files.Select(f => f.Status));
        Assert.NotEqual(result.Files[1].File.Sha256, result.Files[1].ActualSha256);
        Assert.Equal("changed", workspace.Events.Events[^1].Details["outcome"]);
    }

    [Fact]
    public async Task A_missing_weight_file_is_named_and_nothing_is_registered()
    {
        using var workspace = new ModelWorkspace();
        var registry = workspace.OpenRegistry();
        var present = workspace.WriteWeights("w/a.bin", 1);
        var absent = Path.Combine(workspace.Root, "w", "nope.safetensors");

        var error = await Assert.ThrowsAsync<ModelGovernanceException>(() =>
            registry.RegisterAsync(new ModelRegistration(new ModelReference("m", "1.0.0"), [present, absent], "alice")));

        Assert.Equal(ModelErrorKind.MissingWeightFile, error.Kind);
        Assert.Contains(absent, error.Message);
        Assert.Empty(registry.List());
    }

    [Fact]
    public async Task A_base_model_that_is_not_registered_is_refused()
    {
        using var workspace = new ModelWorkspace();
        var registry = workspace.OpenRegistry();

        var error = await Assert.ThrowsAsync<ModelGovernanceException>(() =>
            workspace.RegisterAsync(registry, "support-slm@1.0.0", baseReference: "ghost-base@0.1.0"));

        Assert.Equal(ModelErrorKind.BaseNotRegistered, error.Kind);
        Assert.Contains("ghost-base@0.1.0 is not registered", error.Message);
    }

    [Fact]
    public async Task A_model_cannot_be_its_own_base()
    {
        using var workspace = new ModelWorkspace();
        var registry = workspace.OpenRegistry();

        var error = await Assert.ThrowsAsync<ModelGovernanceException>(() =>
            workspace.RegisterAsync(registry, "loop@1.0.0", baseReference: "loop@1.0.0"));

        Assert.Equal(ModelErrorKind.LineageCycle, error.Kind);
    }

    [Fact]
    public async Task A_cycle_written_into_the_database_behind_the_registry_is_detected_when_walking_lineage()
    {
        using var workspace = new ModelWorkspace();
        var registry = workspace.OpenRegistry();
        await workspace.RegisterAsync(registry, "a@1.0.0");
        await workspace.RegisterAsync(registry, "b@1.0.0", baseReference: "a@1.0.0");
        using (var connection = registry.Database.Open())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "UPDATE models SET base_id = (SELECT id FROM models WHERE name = 'b') WHERE name = 'a'";
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<ModelGovernanceException>(() => registry.GetLineage(ModelReference.Parse("b@1.0.0")));

        Assert.Equal(ModelErrorKind.LineageCycle, error.Kind);
        Assert.Contains("b@1.0.0 -> a@1.0.0 -> b@1.0.0", error.Message);
    }

    [Fact]
    public async Task A_duplicate_name_and_version_is_refused()
    {
        using var workspace = new ModelWorkspace();
        var registry = workspace.OpenRegistry();
        await workspace.RegisterAsync(registry, "support-slm@1.2.0");

        var error = await Assert.ThrowsAsync<ModelGovernanceException>(() => workspace.RegisterAsync(registry, "support-slm@1.2.0", registrant: "carol"));

        Assert.Equal(ModelErrorKind.DuplicateModel, error.Kind);
        Assert.Equal("alice", Assert.Single(registry.List()).Registrant);
    }

    [Theory]
    [InlineData("support-slm@1.2")]
    [InlineData("support-slm@v1.2.0")]
    [InlineData("support-slm@01.2.0")]
    [InlineData("support-slm@latest")]
    public void An_invalid_version_is_refused(string text)
    {
        var error = Assert.Throws<ModelGovernanceException>(() => ModelReference.Parse(text));
        Assert.Equal(ModelErrorKind.InvalidVersion, error.Kind);
        Assert.Contains("not a semantic version", error.Message);
    }

    [Theory]
    [InlineData("support-slm")]
    [InlineData("@1.0.0")]
    [InlineData("bad name@1.0.0")]
    public void A_malformed_reference_is_refused(string text)
    {
        Assert.Equal(ModelErrorKind.InvalidReference, Assert.Throws<ModelGovernanceException>(() => ModelReference.Parse(text)).Kind);
    }

    [Fact]
    public void Prerelease_and_build_metadata_versions_are_semantic_versions()
    {
        Assert.Equal("2.0.0-rc.1+build.5", ModelReference.Parse("m@2.0.0-rc.1+build.5").Version);
    }

    [Fact]
    public async Task An_unknown_model_is_reported_by_name()
    {
        using var workspace = new ModelWorkspace();
        var registry = workspace.OpenRegistry();
        var reference = ModelReference.Parse("nobody@9.9.9");

        Assert.Equal(ModelErrorKind.UnknownModel, Assert.Throws<ModelGovernanceException>(() => registry.Get(reference)).Kind);
        Assert.Equal(ModelErrorKind.UnknownModel, (await Assert.ThrowsAsync<ModelGovernanceException>(() => registry.ApproveAsync(reference, "bob"))).Kind);
        Assert.Equal(ModelErrorKind.UnknownModel, (await Assert.ThrowsAsync<ModelGovernanceException>(() => registry.VerifyWeightsAsync(reference, "bob"))).Kind);
    }

    [Fact]
    public async Task An_incomplete_card_is_refused_with_each_problem_unless_explicitly_allowed()
    {
        using var workspace = new ModelWorkspace();
        var registry = workspace.OpenRegistry();
        var card = workspace.Write("half.md", CardSamples.Incomplete);
        var weights = workspace.WriteWeights("w.bin", 1);
        var registration = new ModelRegistration(new ModelReference("m", "1.0.0"), [weights], "alice", CardPath: card);

        var error = await Assert.ThrowsAsync<ModelGovernanceException>(() => registry.RegisterAsync(registration));

        Assert.Equal(ModelErrorKind.IncompleteCard, error.Kind);
        Assert.Contains(error.Details, d => d.Contains("'intended use'", StringComparison.Ordinal));
        Assert.Contains(error.Details, d => d.Contains("'evaluation'", StringComparison.Ordinal));
        Assert.Contains(error.Details, d => d.StartsWith(card + ":25:", StringComparison.Ordinal) && d.Contains("Contact", StringComparison.Ordinal));
        Assert.Empty(registry.List());

        var registered = await registry.RegisterAsync(registration with { AllowIncompleteCard = true });
        Assert.Equal(CardSamples.Incomplete, registered.Card!.Text);
    }
}
