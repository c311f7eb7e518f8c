using System.Text.Json;
using Gatehouse.Governance.Datasets.Attestation;
using Gatehouse.Governance.Datasets.Manifests;
using Gatehouse.Governance.Datasets.Reports;
using Gatehouse.Testing;

namespace Gatehouse.Governance.Tests.Datasets;

public class ManifestTests
{
    private static DatasetManifest Complete(string dir)
    {
        var m = ManifestInitializer.Create(dir, "support-chats");
        m.Description = "Support chat transcripts";
        m.Owner = "data-team@example.com";
        m.IntendedUse = "Fine-tuning the support assistant";
        m.Retention = "2 years after collection";
        m.PersonalDataCategories = ["contact details"];
        m.Sources = [new DatasetSource { Origin = "helpdesk export", Licence = "CC-BY-4.0", CollectionMethod = "export", LegalBasis = "consent", ConsentReference = "DPA-2024-17", CollectionDate = "2024-03-01" }];
        m.ScanExceptions = [new ScanException { EntityType = "EMAIL", Justification = "support addresses of our own staff" }];
        return m;
    }

    private static JsonScanReport.Document Scan(Dictionary<string, long> byType, int inputErrors = 0) =>
        new(1, "gatehouse", ["."], DateTimeOffset.UtcNow.AddMinutes(1), 0.1, new JsonScanReport.Totals(1, 10, 1, byType.Values.Sum(), inputErrors),
            byType, [], [], false, [], true, [], 0);

    private static VerificationInputs Inputs(JsonScanReport.Document? scan) => new(LicenceAllowList.Default, scan, new DateOnly(2025, 1, 1));

    [Fact]
    public void Init_fills_hashes_and_leaves_todos_that_verify_rejects()
    {
        using var dir = new TempDir();
        dir.Write("a.jsonl", "{}\n");
        dir.Write("sub/b.csv", "x\n1\n");
        var manifest = ManifestInitializer.Create(dir.Path);
        Assert.Equal(["a.jsonl", "sub/b.csv"], manifest.Files.Select(f => f.Path!).ToArray());
        Assert.Equal("8ad5a6ad7c0e4dc5bd9e0e5fb1b7fb1e94a4f7b07bc1b0b3ad3f5dc19e0f5f44".Length, manifest.Files[0].Sha256!.Length);
        var path = dir.Write(DatasetManifest.FileName, ManifestSerializer.ToYaml(manifest));
        var result = ManifestVerifier.Verify(path, Inputs(Scan([])));
        var complete = result.Checks.Single(c => c.Name == "complete");
        Assert.False(complete.Passed);
        Assert.Contains("sources[0].licence is still TODO", complete.Problems);
        Assert.True(result.Checks.Single(c => c.Name == "hashes").Passed);
    }

    [Fact]
    public void Complete_manifest_with_clean_or_justified_scan_verifies()
    {
        using var dir = new TempDir();
        dir.Write("a.jsonl", "{}\n");
        var path = dir.Write(DatasetManifest.FileName, ManifestSerializer.ToYaml(Complete(dir.Path)));
        var result = ManifestVerifier.Verify(path, Inputs(Scan(new() { ["EMAIL"] = 3 })));
        Assert.True(result.Passed, string.Join("; ", result.Checks.SelectMany(c => c.Problems)));
        var unjustified = ManifestVerifier.Verify(path, Inputs(Scan(new() { ["CREDIT_CARD"] = 1 })));
        Assert.Contains("1 CREDIT_CARD finding(s) over the threshold (max 0) without a justified scan exception", unjustified.Checks.Single(c => c.Name == "scan").Problems);
        Assert.False(ManifestVerifier.Verify(path, Inputs(null)).Passed);
    }

    [Fact]
    public void Changed_missing_and_extra_files_are_named()
    {
        using var dir = new TempDir();
        dir.Write("a.jsonl", "{}\n");
        dir.Write("gone.txt", "x\n");
        var path = dir.Write(DatasetManifest.FileName, ManifestSerializer.ToYaml(Complete(dir.Path)));
        dir.Write("a.jsonl", "{\"changed\":1}\n");
        File.Delete(Path.Combine(dir.Path, "gone.txt"));
        dir.Write("new.csv", "x\n");
        var problems = ManifestVerifier.Verify(path, Inputs(Scan([]))).Checks.Single(c => c.Name == "hashes").Problems;
        Assert.Equal(["a.jsonl: changed (sha256 differs from the manifest)", "gone.txt: missing", "new.csv: extra file not in the manifest"], problems.ToArray());
    }

    [Fact]
    public void Licence_syntax_allow_list_and_dates_are_checked()
    {
        using var dir = new TempDir();
        dir.Write("a.txt", "x\n");
        var m = Complete(dir.Path);
        m.Sources.Add(new DatasetSource { Origin = "web", Licence = "GPL-3.0-only OR (MIT AND", CollectionMethod = "crawl", LegalBasis = "legitimate interest", ConsentReference = "LIA-3", CollectionDate = "2031-01-01" });
        m.Sources.Add(new DatasetSource { Origin = "vendor", Licence = "LicenseRef-Vendor-EULA", CollectionMethod = "purchase", LegalBasis = "contract", ConsentReference = "PO-9", CollectionDate = "03/01/2024" });
        var path = dir.Write(DatasetManifest.FileName, ManifestSerializer.ToYaml(m));
        var checks = ManifestVerifier.Verify(path, Inputs(Scan([]))).Checks.ToDictionary(c => c.Name);
        Assert.Equal(["sources[1].licence 'GPL-3.0-only OR (MIT AND' is not an SPDX licence expression"], checks["spdx"].Problems.ToArray());
        Assert.Equal(["sources[2].licence: LicenseRef-Vendor-EULA is not on the allow-list"], checks["licences"].Problems.ToArray());
        Assert.Equal(["sources[1].collectionDate 2031-01-01 is in the future", "sources[2].collectionDate '03/01/2024' is not a date (yyyy-MM-dd)"], checks["dates"].Problems.ToArray());
        Assert.Equal(["MIT", "Apache-2.0"], SpdxExpression.Identifiers("MIT OR (Apache-2.0 WITH LLVM-exception)"));
    }

    [Fact]
    public void Malformed_manifest_reports_file_line_and_column()
    {
        var error = Assert.Throws<ManifestFormatException>(() => ManifestSerializer.Parse("name: x\nversion: 1\nsources:\n  - origin: a\n    licnce: MIT\n", "m.yaml"));
        Assert.StartsWith("m.yaml:5:", error.Message);
        Assert.Contains("licnce", error.Message);
    }

    [Fact]
    public void Dsse_envelope_signs_the_pae_and_verifies_only_untampered()
    {
        using var dir = new TempDir();
        using var signer = Ed25519Signer.LoadOrCreate(Path.Combine(dir.Path, "k.key"));
        var payload = "{\"_type\":\"https://in-toto.io/Statement/v1\"}"u8.ToArray();
        var envelope = signer.Sign(DsseEnvelope.InTotoPayloadType, payload);
        Assert.Equal("DSSEv1 28 application/vnd.in-toto+json 43 "u8.ToArray().Concat(payload), DsseEnvelope.Pae(DsseEnvelope.InTotoPayloadType, payload));
        var reread = DsseEnvelope.FromJson(envelope.ToJson());
        Assert.True(Ed25519Signer.Verify(reread, signer.PublicKey));
        Assert.False(Ed25519Signer.Verify(reread with { PayloadType = "text/plain" }, signer.PublicKey));
        Assert.False(Ed25519Signer.Verify(reread with { Payload = Convert.ToBase64String("{}"u8.ToArray()) }, signer.PublicKey));
        using var other = Ed25519Signer.LoadOrCreate(Path.Combine(dir.Path, "other.key"));
        Assert.False(Ed25519Signer.Verify(reread, other.PublicKey));
        using var again = Ed25519Signer.LoadOrCreate(Path.Combine(dir.Path, "k.key"));
        Assert.Equal(signer.KeyId, again.KeyId);
    }

    [Fact]
    public void Statement_names_files_with_digests_and_the_checks()
    {
        using var dir = new TempDir();
        dir.Write("a.jsonl", "{}\n");
        var path = dir.Write(DatasetManifest.FileName, ManifestSerializer.ToYaml(Complete(dir.Path)));
        var verification = ManifestVerifier.Verify(path, Inputs(Scan([])));
        using var statement = JsonDocument.Parse(DatasetVerificationStatement.Create(verification, DateTimeOffset.UnixEpoch));
        var root = statement.RootElement;
        Assert.Equal("https://in-toto.io/Statement/v1", root.GetProperty("_type").GetString());
        Assert.Equal(DatasetVerificationStatement.PredicateType, root.GetProperty("predicateType").GetString());
        var subject = Assert.Single(root.GetProperty("subject").EnumerateArray());
        Assert.Equal("a.jsonl", subject.GetProperty("name").GetString());
        Assert.Equal(FileHasher.Sha256(Path.Combine(dir.Path, "a.jsonl")), subject.GetProperty("digest").GetProperty("sha256").GetString());
        Assert.True(root.GetProperty("predicate").GetProperty("passed").GetBoolean());
        Assert.Equal(6, root.GetProperty("predicate").GetProperty("checks").GetArrayLength());
    }
}
