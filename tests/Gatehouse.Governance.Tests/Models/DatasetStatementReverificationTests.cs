using System.Text;
using Gatehouse.Governance.Datasets.Attestation;
using Gatehouse.Governance.Models;
using Gatehouse.Governance.Models.Gate;
using Gatehouse.Governance.Models.Registry;

namespace Gatehouse.Governance.Tests.Models;

/// <summary>
/// The registry and the gate re-verify a dataset's statement (signature by a trusted key, subjects against the
/// manifest, files against the subjects) instead of trusting what it says.
/// </summary>
public sealed class DatasetStatementReverificationTests
{
    private static string SigningKey(ModelWorkspace workspace) => Path.Combine(workspace.DataDirectory, TrustedDatasetKeys.SigningKeyFileName);

    private static async Task<(ModelRegistry Registry, ModelReference Reference, SignedDataset Dataset)> RegisteredAsync(ModelWorkspace workspace)
    {
        var dataset = SignedDataset.Create(workspace.Root, SigningKey(workspace));
        var registry = workspace.OpenRegistry();
        var model = await workspace.RegisterAsync(registry, "acme/support-slm@1.0.0", datasets: [dataset.ManifestPath]);
        return (registry, model.Reference, dataset);
    }

    private static async Task<GateDatasetFacts> FactsAsync(ModelRegistry registry, ModelReference reference) =>
        Assert.Single((await new ModelGateFactsBuilder(registry, new RedTeamResultStore(registry)).BuildAsync(reference, "gate")).Datasets);

    [Fact]
    public async Task A_statement_signed_by_the_data_directory_key_verifies_and_its_outcome_counts()
    {
        using var workspace = new ModelWorkspace();
        var (registry, reference, _) = await RegisteredAsync(workspace);

        var facts = await FactsAsync(registry, reference);

        Assert.True(facts.SignatureValid && facts.SubjectsMatchManifest && facts.FilesUnchanged, string.Join("; ", facts.VerificationProblems));
        Assert.Empty(facts.VerificationProblems);
        using var signer = Ed25519Signer.LoadOrCreate(SigningKey(workspace));
        Assert.Equal(signer.KeyId, facts.SignerKeyId);
        Assert.True(facts.VerificationUnchanged);
        var json = (await new ModelGateFactsBuilder(registry, new RedTeamResultStore(registry)).BuildAsync(reference, "gate")).ToJson();
        Assert.True((bool)json["datasets"]![0]!["signature_valid"]!);
        Assert.Empty(json["datasets"]![0]!["verification_problems"]!.AsArray());
    }

    [Fact]
    public async Task A_tampered_envelope_fails_and_says_it_was_altered()
    {
        using var workspace = new ModelWorkspace();
        var (registry, reference, dataset) = await RegisteredAsync(workspace);
        dataset.TamperPayload(s => s["predicate"]!["passed"] = true);

        var facts = await FactsAsync(registry, reference);

        Assert.False(facts.SignatureValid);
        Assert.False(facts.VerificationPassed);
        Assert.Contains(facts.VerificationProblems, p => p.Contains("does not verify: the envelope was altered after signing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_statement_signed_by_another_key_fails_and_names_the_key()
    {
        using var workspace = new ModelWorkspace();
        var (registry, reference, dataset) = await RegisteredAsync(workspace);
        var otherKey = Path.Combine(workspace.Root, "other.key");
        dataset.Sign(otherKey, Encoding.UTF8.GetBytes(dataset.Statement().ToJsonString()));
        using var other = Ed25519Signer.LoadOrCreate(otherKey);

        var facts = await FactsAsync(registry, reference);

        Assert.False(facts.SignatureValid);
        Assert.Null(facts.SignerKeyId);
        Assert.Contains(facts.VerificationProblems, p => p.StartsWith($"the statement is signed by key {other.KeyId[..16]}, not by a trusted key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_changed_dataset_file_fails_and_names_the_file()
    {
        using var workspace = new ModelWorkspace();
        var (registry, reference, dataset) = await RegisteredAsync(workspace);
        File.AppendAllText(Path.Combine(dataset.Directory, "b.jsonl"), "{\"text\":\"jane@example.com\"}\n");

        var facts = await FactsAsync(registry, reference);

        Assert.True(facts.SignatureValid);
        Assert.True(facts.SubjectsMatchManifest, "the manifest itself did not change");
        Assert.False(facts.FilesUnchanged);
        Assert.Contains(facts.VerificationProblems, p => p.StartsWith("dataset file b.jsonl changed since verification", StringComparison.Ordinal));
        Assert.False(facts.VerificationPassed || facts.ScanPassed, "an outcome about other bytes is not believed");
    }

    [Fact]
    public void Subjects_that_differ_from_the_manifest_fail_even_when_properly_signed()
    {
        using var workspace = new ModelWorkspace();
        var dataset = SignedDataset.Create(workspace.Root, SigningKey(workspace));
        var statement = dataset.Statement();
        statement["subject"]!.AsArray().RemoveAt(1);
        dataset.Sign(SigningKey(workspace), Encoding.UTF8.GetBytes(statement.ToJsonString()));

        var check = DatasetStatementVerifier.Verify(dataset.ManifestPath, dataset.EnvelopePath, TrustedDatasetKeys.Load(workspace.DataDirectory));

        Assert.True(check.SignatureValid);
        Assert.False(check.SubjectsMatchManifest);
        Assert.Equal(["manifest file b.jsonl is not a subject of the statement"], check.Problems);
    }

    [Fact]
    public async Task Registration_refuses_a_statement_that_does_not_verify_and_accepts_a_key_listed_as_trusted()
    {
        using var workspace = new ModelWorkspace();
        var registry = workspace.OpenRegistry();
        var foreignKey = Path.Combine(workspace.Root, "ci.key");
        var dataset = SignedDataset.Create(workspace.Root, foreignKey);

        var refused = await Assert.ThrowsAsync<ModelGovernanceException>(() => workspace.RegisterAsync(registry, "m@1.0.0", datasets: [dataset.ManifestPath]));

        Assert.Equal(ModelErrorKind.UntrustedDatasetStatement, refused.Kind);
        Assert.Contains("not by a trusted key", refused.Message);
        Assert.Empty(registry.List());

        // Trusting the CI runner's public key (the verification.pub that verify writes) admits its statements.
        var trusted = Path.Combine(workspace.DataDirectory, TrustedDatasetKeys.TrustedKeysFolder);
        Directory.CreateDirectory(trusted);
        using (var ci = Ed25519Signer.LoadOrCreate(foreignKey))
            File.WriteAllText(Path.Combine(trusted, "ci.pub"), Convert.ToBase64String(ci.PublicKey));
        var model = await workspace.RegisterAsync(registry, "m@1.0.0", datasets: [dataset.ManifestPath]);
        Assert.Equal(dataset.EnvelopePath, model.Datasets[0].StatementPath);

        dataset.TamperPayload(s => s["predicate"]!["passed"] = true);
        var tampered = await Assert.ThrowsAsync<ModelGovernanceException>(() => workspace.RegisterAsync(registry, "m@1.0.1", datasets: [dataset.ManifestPath]));
        Assert.Contains("the envelope was altered after signing", tampered.Message);
    }
}
