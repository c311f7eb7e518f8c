using System.Text.Json;
using Gatehouse.Governance.Datasets.Manifests;

namespace Gatehouse.Governance.Datasets.Attestation;

/// <summary>
/// Re-verifies a dataset verification statement instead of trusting what it says: the DSSE signature against the
/// trusted keys (<see cref="TrustedDatasetKeys"/>), the in-toto subjects against the manifest's files and digests, the
/// files on disk against the subjects, and reads the predicate's outcome. The model registry runs it at registration
/// and the deployment gate on every evaluation.
/// </summary>
public static class DatasetStatementVerifier
{
    /// <summary>Verifies the statement at <paramref name="envelopePath"/> for the manifest at <paramref name="manifestPath"/>; never throws for bad files.</summary>
    public static StatementVerification Verify(string manifestPath, string? envelopePath, TrustedDatasetKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var problems = new List<string>();
        if (envelopePath is null || !File.Exists(envelopePath))
            return Failed($"no verification statement at {envelopePath ?? Path.Combine(Path.GetDirectoryName(manifestPath)!, DatasetVerificationStatement.EnvelopeRelativePath)}");
        DsseEnvelope envelope;
        JsonDocument statement;
        try
        {
            envelope = DsseEnvelope.FromJson(File.ReadAllText(envelopePath));
            statement = JsonDocument.Parse(envelope.PayloadBytes());
        }
        catch (Exception e) when (e is JsonException or FormatException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            return Failed($"{envelopePath}: not a readable DSSE envelope with a JSON payload ({e.Message})");
        }
        using (statement)
        {
            var signer = CheckSignature(envelope, keys, problems);
            var root = statement.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Text(root, "_type") != DatasetVerificationStatement.StatementType
                || Text(root, "predicateType") != DatasetVerificationStatement.PredicateType
                || !root.TryGetProperty("predicate", out var predicate) || predicate.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"{envelopePath}: the payload is not an in-toto dataset verification statement ({DatasetVerificationStatement.PredicateType})");
                return new StatementVerification(signer is not null, signer, false, false, false, false, problems);
            }
            var subjects = Subjects(root, problems);
            var subjectsMatch = subjects is not null && MatchesManifest(subjects, manifestPath, predicate, problems);
            var filesUnchanged = subjects is not null && FilesUnchanged(subjects, Path.GetDirectoryName(Path.GetFullPath(manifestPath))!, problems);
            var passed = predicate.TryGetProperty("passed", out var p) && p.ValueKind == JsonValueKind.True;
            var scanPassed = predicate.TryGetProperty("checks", out var checks) && checks.ValueKind == JsonValueKind.Array
                && checks.EnumerateArray().Any(c => c.ValueKind == JsonValueKind.Object && Text(c, "name") == "scan"
                    && c.TryGetProperty("passed", out var cp) && cp.ValueKind == JsonValueKind.True);
            return new StatementVerification(signer is not null, signer, subjectsMatch, filesUnchanged, passed, scanPassed, problems);
        }

        StatementVerification Failed(string problem) => new(false, null, false, false, false, false, [problem]);
    }

    // The key id of a trusted key whose signature holds, or null with the reason: signed only by keys we do not trust,
    // or signed by a trusted key whose signature no longer matches the payload (the envelope was altered).
    private static string? CheckSignature(DsseEnvelope envelope, TrustedDatasetKeys keys, List<string> problems)
    {
        if (envelope.PayloadType != DsseEnvelope.InTotoPayloadType)
        {
            problems.Add($"the envelope's payload type is '{envelope.PayloadType}', not {DsseEnvelope.InTotoPayloadType}");
            return null;
        }
        var trusted = envelope.Signatures.Where(s => s.KeyId is not null && keys.Find(s.KeyId) is not null).Select(s => s.KeyId).Distinct().ToList();
        if (trusted.Count == 0)
        {
            var signers = envelope.Signatures.Count == 0 ? "nobody" : "key " + string.Join(", ", envelope.Signatures.Select(s => Short(s.KeyId)));
            problems.Add($"the statement is signed by {signers}, not by a trusted key ({(keys.KeyIds.Count == 0 ? "none configured" : string.Join(", ", keys.KeyIds.Select(Short)))}; " +
                $"trusted keys are DATA/{TrustedDatasetKeys.SigningKeyFileName} and DATA/{TrustedDatasetKeys.TrustedKeysFolder}/*.pub)");
            return null;
        }
        foreach (var keyId in trusted)
            if (Ed25519Signer.Verify(envelope, keys.Find(keyId)!))
                return keyId;
        problems.Add($"the signature by trusted key {Short(trusted[0])} does not verify: the envelope was altered after signing");
        return null;
    }

    private static Dictionary<string, string>? Subjects(JsonElement root, List<string> problems)
    {
        if (!root.TryGetProperty("subject", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            problems.Add("the statement has no subject list");
            return null;
        }
        var subjects = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var subject in list.EnumerateArray())
        {
            var name = subject.ValueKind == JsonValueKind.Object ? Text(subject, "name") : null;
            var digest = name is not null && subject.TryGetProperty("digest", out var d) && d.ValueKind == JsonValueKind.Object ? Text(d, "sha256") : null;
            if (name is null || digest is null || !subjects.TryAdd(name, digest.ToLowerInvariant()))
            {
                problems.Add($"the statement has a subject without a name and a sha256 digest, or a repeated one ({name ?? "unnamed"})");
                return null;
            }
        }
        return subjects;
    }

    private static bool MatchesManifest(Dictionary<string, string> subjects, string manifestPath, JsonElement predicate, List<string> problems)
    {
        DatasetManifest manifest;
        string manifestDigest;
        try
        {
            manifest = ManifestSerializer.Load(manifestPath);
            manifestDigest = FileHasher.Sha256(manifestPath);
        }
        catch (Exception e) when (e is ManifestFormatException or IOException or UnauthorizedAccessException)
        {
            problems.Add($"{manifestPath}: the manifest cannot be read to compare with the statement ({e.Message})");
            return false;
        }
        var before = problems.Count;
        var files = manifest.Files.Where(f => f.Path is not null && f.Sha256 is not null).ToDictionary(f => f.Path!, f => f.Sha256!.ToLowerInvariant(), StringComparer.Ordinal);
        foreach (var (name, digest) in subjects)
        {
            if (!files.TryGetValue(name, out var listed))
                problems.Add($"subject {name} is not a file of the manifest");
            else if (listed != digest)
                problems.Add($"subject {name} has sha256 {Short(digest)} in the statement but {Short(listed)} in the manifest");
        }
        foreach (var name in files.Keys.Where(n => !subjects.ContainsKey(n)))
            problems.Add($"manifest file {name} is not a subject of the statement");
        if (predicate.TryGetProperty("dataset", out var dataset) && dataset.ValueKind == JsonValueKind.Object
            && Text(dataset, "manifestSha256") is { } stated && stated != manifestDigest)
            problems.Add($"the statement was made for manifest sha256 {Short(stated)}, the manifest now has {Short(manifestDigest)}");
        return problems.Count == before;
    }

    private static bool FilesUnchanged(Dictionary<string, string> subjects, string directory, List<string> problems)
    {
        var before = problems.Count;
        var root = directory.EndsWith(Path.DirectorySeparatorChar) ? directory : directory + Path.DirectorySeparatorChar;
        foreach (var (name, digest) in subjects)
        {
            var path = Path.GetFullPath(Path.Combine(directory, name));
            if (!path.StartsWith(root, StringComparison.Ordinal))
            {
                problems.Add($"subject {name} points outside the dataset folder");
                continue;
            }
            try
            {
                var now = FileHasher.Sha256(path);
                if (now != digest)
                    problems.Add($"dataset file {name} changed since verification (sha256 {Short(now)}, statement says {Short(digest)})");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add($"dataset file {name} is missing or unreadable ({e.Message})");
            }
        }
        return problems.Count == before;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Short(string? hex) => hex is null ? "(none)" : hex.Length > 16 ? hex[..16] : hex;
}
