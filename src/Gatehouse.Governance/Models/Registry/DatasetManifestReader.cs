using YamlDotNet.RepresentationModel;

namespace Gatehouse.Governance.Models.Registry;

/// <summary>
/// Reads what the registry records about a training dataset from its <c>gatehouse-dataset.yaml</c>: the digest of the
/// manifest, a few identifying fields, and the verification statement (DSSE envelope) written beside it, if any.
/// The dataset tooling owns the manifest format; this reader takes only what the registry and the BOM show.
/// </summary>
public static class DatasetManifestReader
{
    /// <summary>
    /// Where the verification statement of a manifest is looked for, relative to the manifest's folder: the one place
    /// <c>gatehouse dataset verify</c> writes it (<see cref="Datasets.Attestation.DatasetVerificationStatement.EnvelopeRelativePath"/>).
    /// </summary>
    public static string StatementRelativePath => Datasets.Attestation.DatasetVerificationStatement.EnvelopeRelativePath;

    /// <summary>
    /// Reads the manifest at <paramref name="path"/>. With <paramref name="trustedKeys"/>, a verification statement found
    /// beside it must verify (<see cref="Datasets.Attestation.DatasetStatementVerifier"/>: trusted signature, subjects
    /// equal to the manifest's files, files unchanged), so a forged or stale statement is never pinned; one that
    /// verifies and reports a failed verification is recorded (the gate rejects it later, naming why).
    /// </summary>
    /// <exception cref="ModelGovernanceException">The manifest is missing, unreadable or not YAML, or its statement does not verify.</exception>
    public static async Task<DatasetRecord> ReadAsync(string path, Datasets.Attestation.TrustedDatasetKeys? trustedKeys, CancellationToken cancellationToken = default)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new ModelGovernanceException(ModelErrorKind.MissingFile, $"dataset manifest not found: {path}");
        var text = await File.ReadAllTextAsync(full, cancellationToken).ConfigureAwait(false);
        var (sha, _) = await WeightHasher.HashFileAsync(full, null, cancellationToken).ConfigureAwait(false);
        var root = ParseRoot(text, path);
        var statement = FindStatement(full);
        string? statementSha = null;
        if (statement is not null && trustedKeys is not null
            && Datasets.Attestation.DatasetStatementVerifier.Verify(full, statement, trustedKeys) is { Authentic: false } check)
            throw new ModelGovernanceException(ModelErrorKind.UntrustedDatasetStatement,
                $"{statement}: the verification statement of dataset {path} does not verify: {string.Join("; ", check.Problems)}");
        if (statement is not null)
            (statementSha, _) = await WeightHasher.HashFileAsync(statement, null, cancellationToken).ConfigureAwait(false);
        return new DatasetRecord(full, sha, Scalar(root, "name"), Scalar(root, "version"), Licenses(root),
            OwnerOf(root), statement, statementSha);
    }

    private static YamlMappingNode? ParseRoot(string text, string path)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new ModelGovernanceException(ModelErrorKind.InvalidDatasetManifest,
                $"{path}:{e.Start.Line}: dataset manifest is not valid YAML: {e.Message}");
        }
        return stream.Documents.Count > 0 ? stream.Documents[0].RootNode as YamlMappingNode : null;
    }

    private static string? FindStatement(string manifestPath)
    {
        var path = Path.Combine(Path.GetDirectoryName(manifestPath)!, StatementRelativePath);
        return File.Exists(path) ? path : null;
    }

    private static string? Scalar(YamlMappingNode? map, string key) =>
        map is not null && map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode scalar
            ? scalar.Value
            : null;

    private static string? OwnerOf(YamlMappingNode? root)
    {
        if (root is null || !root.Children.TryGetValue(new YamlScalarNode("owner"), out var node))
            return null;
        // The owner may be a plain name or a mapping with a name (and contact details we do not need here).
        return node switch
        {
            YamlScalarNode scalar => scalar.Value,
            YamlMappingNode map => Scalar(map, "name") ?? Scalar(map, "email"),
            _ => null,
        };
    }

    private static List<string> Licenses(YamlMappingNode? root)
    {
        var licenses = new List<string>();
        if (Scalar(root, "license") is { Length: > 0 } top)
            licenses.Add(top);
        if (root is not null && root.Children.TryGetValue(new YamlScalarNode("sources"), out var sources) && sources is YamlSequenceNode list)
            foreach (var source in list.OfType<YamlMappingNode>())
                if ((Scalar(source, "license") ?? Scalar(source, "licence")) is { Length: > 0 } license && !licenses.Contains(license))
                    licenses.Add(license);
        return licenses;
    }
}
