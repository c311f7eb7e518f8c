using System.Text.Json;
using System.Text.Json.Nodes;
using Gatehouse.Governance.Datasets.Manifests;

namespace Gatehouse.Governance.Datasets.Attestation;

/// <summary>
/// The in-toto Statement v1 recording a dataset verification: the subjects are the dataset's files with their
/// SHA-256 digests, the predicate the manifest identity and every check's outcome.
/// </summary>
public static class DatasetVerificationStatement
{
    /// <summary>The in-toto statement type.</summary>
    public const string StatementType = "https://in-toto.io/Statement/v1";

    /// <summary>
    /// Where <c>gatehouse dataset verify</c> writes the signed statement and where the model registry looks for it:
    /// relative to the dataset folder (the manifest's folder), inside the state folder that scans and hashes skip.
    /// </summary>
    public static readonly string EnvelopeRelativePath = Path.Combine(Readers.DatasetFileFinder.StateFolder, "verification.dsse.json");

    /// <summary>The raw Ed25519 public key (base64) of the statement's signer, written beside the envelope.</summary>
    public static readonly string PublicKeyRelativePath = Path.Combine(Readers.DatasetFileFinder.StateFolder, "verification.pub");

    /// <summary>The predicate type of a Gatehouse dataset verification.</summary>
    public const string PredicateType = "https://gatehouse.dev/dataset-verification/v1";

    /// <summary>Builds the statement JSON (UTF-8 bytes) for <paramref name="verification"/>.</summary>
    public static byte[] Create(ManifestVerification verification, DateTimeOffset verifiedAt)
    {
        var m = verification.Manifest;
        var subjects = new JsonArray();
        foreach (var file in m.Files.Where(f => f.Path is not null && f.Sha256 is not null))
            subjects.Add(new JsonObject { ["name"] = file.Path, ["digest"] = new JsonObject { ["sha256"] = file.Sha256!.ToLowerInvariant() } });
        var checks = new JsonArray();
        foreach (var check in verification.Checks)
            checks.Add(new JsonObject { ["name"] = check.Name, ["passed"] = check.Passed, ["problems"] = new JsonArray([.. check.Problems.Select(p => JsonValue.Create(p))]) });
        var statement = new JsonObject
        {
            ["_type"] = StatementType,
            ["subject"] = subjects,
            ["predicateType"] = PredicateType,
            ["predicate"] = new JsonObject
            {
                ["dataset"] = new JsonObject
                {
                    ["name"] = m.Name,
                    ["version"] = m.Version,
                    ["manifestSha256"] = FileHasher.Sha256(verification.ManifestPath),
                    ["licences"] = new JsonArray([.. m.Sources.Select(s => JsonValue.Create(s.Licence))]),
                },
                ["verifiedAt"] = verifiedAt.ToString("O"),
                ["passed"] = verification.Passed,
                ["checks"] = checks,
            },
        };
        return JsonSerializer.SerializeToUtf8Bytes(statement);
    }
}
