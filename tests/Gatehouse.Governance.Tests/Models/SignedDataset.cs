using System.Text;
using System.Text.Json.Nodes;
using Gatehouse.Governance.Datasets.Attestation;
using Gatehouse.Governance.Datasets.Manifests;

namespace Gatehouse.Governance.Tests.Models;

/// <summary>
/// A real dataset folder: data files, a manifest from <see cref="ManifestInitializer"/>, and a verification statement
/// made by <see cref="ManifestVerifier"/> and signed with an Ed25519 key, as <c>gatehouse dataset verify</c> does.
/// </summary>
internal sealed class SignedDataset
{
    private SignedDataset(string directory) => Directory = directory;

    public string Directory { get; }

    public string ManifestPath => Path.Combine(Directory, DatasetManifest.FileName);

    public string EnvelopePath => Path.Combine(Directory, DatasetVerificationStatement.EnvelopeRelativePath);

    /// <summary>Creates the folder under <paramref name="root"/> and signs its statement with <paramref name="keyPath"/> (created when missing).</summary>
    public static SignedDataset Create(string root, string keyPath, string name = "tickets")
    {
        var dataset = new SignedDataset(Path.Combine(root, name));
        System.IO.Directory.CreateDirectory(dataset.Directory);
        File.WriteAllText(Path.Combine(dataset.Directory, "a.jsonl"), "{\"text\":\"hello\"}\n");
        File.WriteAllText(Path.Combine(dataset.Directory, "b.jsonl"), "{\"text\":\"world\"}\n");
        File.WriteAllText(dataset.ManifestPath, ManifestSerializer.ToYaml(ManifestInitializer.Create(dataset.Directory, name)));
        return ForManifest(dataset.ManifestPath, keyPath);
    }

    /// <summary>Verifies the existing manifest at <paramref name="manifestPath"/> and signs its statement with <paramref name="keyPath"/>.</summary>
    public static SignedDataset ForManifest(string manifestPath, string keyPath)
    {
        var dataset = new SignedDataset(Path.GetDirectoryName(Path.GetFullPath(manifestPath))!);
        var verification = ManifestVerifier.Verify(manifestPath, new VerificationInputs(LicenceAllowList.Default, null, DateOnly.FromDateTime(DateTime.UtcNow)));
        dataset.Sign(keyPath, DatasetVerificationStatement.Create(verification, DateTimeOffset.UtcNow));
        return dataset;
    }

    /// <summary>Writes the envelope of <paramref name="statement"/> signed with the key at <paramref name="keyPath"/>.</summary>
    public void Sign(string keyPath, byte[] statement)
    {
        using var signer = Ed25519Signer.LoadOrCreate(keyPath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(EnvelopePath)!);
        File.WriteAllText(EnvelopePath, signer.Sign(DsseEnvelope.InTotoPayloadType, statement).ToJson());
    }

    /// <summary>The statement the envelope carries now.</summary>
    public JsonObject Statement() =>
        JsonNode.Parse(DsseEnvelope.FromJson(File.ReadAllText(EnvelopePath)).PayloadBytes())!.AsObject();

    /// <summary>Replaces the payload without re-signing, as someone editing the file by hand would.</summary>
    public void TamperPayload(Action<JsonObject> edit)
    {
        var envelope = DsseEnvelope.FromJson(File.ReadAllText(EnvelopePath));
        var statement = Statement();
        edit(statement);
        var tampered = envelope with { Payload = Convert.ToBase64String(Encoding.UTF8.GetBytes(statement.ToJsonString())) };
        File.WriteAllText(EnvelopePath, tampered.ToJson());
    }
}
