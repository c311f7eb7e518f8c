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
