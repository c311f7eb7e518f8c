namespace Gatehouse.Governance.Models.Registry;

/// <summary>One registered model version, as stored in <c>registry.db</c>.</summary>
/// <param name="Reference">Name and version.</param>
/// <param name="Base">The parent this version was fine-tuned from, or null for a foundation model.</param>
/// <param name="Registrant">Who registered it.</param>
/// <param name="RegisteredAt">When it was registered (UTC).</param>
/// <param name="Weights">Each weight file with the digest recorded at registration.</param>
/// <param name="Datasets">The training datasets named at registration.</param>
/// <param name="Card">The model card as it was at registration, or null when none was given.</param>
/// <param name="Approvals">Approvals recorded so far, oldest first.</param>
public sealed record RegisteredModel(
    ModelReference Reference,
    ModelReference? Base,
    string Registrant,
    DateTimeOffset RegisteredAt,
    IReadOnlyList<WeightFile> Weights,
    IReadOnlyList<DatasetRecord> Datasets,
    StoredCard? Card,
    IReadOnlyList<Approval> Approvals)
{
    /// <summary>Whether someone other than the registrant approved this version.</summary>
    public bool IsApproved => Approvals.Any(a => !SameIdentity(a.Approver, Registrant));

    /// <summary>
    /// Whether two identities name the same person for the four-eyes rule. Case and surrounding spaces are ignored, so
    /// "Alice" cannot approve what "alice" registered.
    /// </summary>
    public static bool SameIdentity(string first, string second) =>
        string.Equals(first.Trim(), second.Trim(), StringComparison.OrdinalIgnoreCase);
}

/// <summary>A weight file and the SHA-256 it had when the model was registered.</summary>
/// <param name="Path">Absolute path.</param>
/// <param name="Sha256">Lower-case hex digest.</param>
/// <param name="SizeBytes">Length in bytes.</param>
public sealed record WeightFile(string Path, string Sha256, long SizeBytes);

/// <summary>
/// A training dataset, recorded by its <c>gatehouse-dataset.yaml</c> manifest and, when one sat beside it, the DSSE
/// verification statement the dataset tooling wrote. Both are kept by digest so later changes are detectable.
/// </summary>
/// <param name="ManifestPath">Absolute path of the manifest.</param>
/// <param name="ManifestSha256">Digest of the manifest at registration.</param>
/// <param name="Name">The manifest's <c>name</c>, when it has one.</param>
/// <param name="Version">The manifest's <c>version</c>, when it has one.</param>
/// <param name="Licenses">SPDX licence ids of the manifest's sources.</param>
/// <param name="Owner">The manifest's <c>owner</c>, when it has one.</param>
/// <param name="StatementPath">Absolute path of the verification statement, or null.</param>
/// <param name="StatementSha256">Digest of the verification statement, or null.</param>
public sealed record DatasetRecord(
    string ManifestPath,
    string ManifestSha256,
    string? Name,
    string? Version,
    IReadOnlyList<string> Licenses,
    string? Owner,
    string? StatementPath,
    string? StatementSha256);

/// <summary>The model card text stored at registration, so the registry keeps what was reviewed.</summary>
/// <param name="Path">Where the card was read from.</param>
/// <param name="Sha256">Digest of the text.</param>
/// <param name="Text">The Markdown with its front matter.</param>
public sealed record StoredCard(string Path, string Sha256, string Text);

/// <summary>An approval of a model version.</summary>
/// <param name="Approver">Who approved.</param>
/// <param name="ApprovedAt">When (UTC).</param>
/// <param name="Note">Optional free text.</param>
public sealed record Approval(string Approver, DateTimeOffset ApprovedAt, string? Note);
