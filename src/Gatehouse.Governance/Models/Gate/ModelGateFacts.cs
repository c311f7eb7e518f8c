using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gatehouse.Governance.Models.Gate;

/// <summary>
/// Everything the deployment gate (<c>data.gatehouse.deploy</c>) decides on for one model version, gathered from the
/// registry, the card, the dataset files, the weights and the red-team results. <see cref="ToJson"/> gives the
/// document Rego evaluates as <c>input</c>; docs/models.md describes its shape.
/// </summary>
/// <param name="Model">Identity and registration.</param>
/// <param name="Card">Card completeness.</param>
/// <param name="Datasets">Training datasets and their verification state.</param>
/// <param name="RedTeam">Red-team results for this exact version.</param>
/// <param name="Weights">Whether the weights are the ones registered.</param>
/// <param name="Approvals">Who approved, and whether someone other than the registrant did.</param>
/// <param name="Lineage">Base model chain and whether the base is approved.</param>
public sealed record ModelGateFacts(
    GateModelFacts Model,
    GateCardFacts Card,
    IReadOnlyList<GateDatasetFacts> Datasets,
    GateRedTeamFacts RedTeam,
    GateWeightFacts Weights,
    GateApprovalFacts Approvals,
    GateLineageFacts Lineage)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    /// <summary>The facts as a JSON object with snake_case keys.</summary>
    public JsonObject ToJson() => JsonSerializer.SerializeToNode(this, Options)!.AsObject();
}

/// <summary>The model version under review.</summary>
/// <param name="Name">Model name.</param>
/// <param name="Version">Semantic version.</param>
/// <param name="Registrant">Who registered it.</param>
/// <param name="RegisteredAt">When.</param>
public sealed record GateModelFacts(string Name, string Version, string Registrant, DateTimeOffset RegisteredAt);

/// <summary>Card completeness, judged on the card text stored at registration.</summary>
/// <param name="Present">Whether a card was registered.</param>
/// <param name="Path">Where it was read from.</param>
/// <param name="Sha256">Digest of the stored text.</param>
/// <param name="Complete">Present and without problems.</param>
/// <param name="MissingSections">Ids of required sections absent or empty (see <see cref="Cards.RequiredCardSection"/>).</param>
/// <param name="Problems">Every problem as <c>file:line: message</c>.</param>
public sealed record GateCardFacts(bool Present, string? Path, string? Sha256, bool Complete, IReadOnlyList<string> MissingSections, IReadOnlyList<string> Problems);

/// <summary>A training dataset as the gate sees it.</summary>
/// <param name="Name">Manifest name, when given.</param>
/// <param name="Version">Manifest version, when given.</param>
/// <param name="ManifestPath">Manifest location.</param>
/// <param name="ManifestSha256">Digest at registration.</param>
/// <param name="ManifestUnchanged">Whether the manifest still has that digest.</param>
/// <param name="Licenses">SPDX ids of its sources.</param>
/// <param name="VerificationPresent">Whether a verification statement was found at registration.</param>
/// <param name="VerificationPath">Its location.</param>
/// <param name="VerificationSha256">Its digest at registration.</param>
/// <param name="VerificationUnchanged">Whether it still has that digest (false when absent).</param>
/// <param name="VerificationPassed">The statement says the dataset verified (false when absent or unreadable).</param>
/// <param name="ScanPassed">The statement's <c>scan</c> check passed: clean, or every finding justified.</param>
/// <param name="SignatureValid">The statement is signed by a trusted key and the signature holds (re-checked now).</param>
/// <param name="SignerKeyId">The trusted signer's key id, or null.</param>
/// <param name="SubjectsMatchManifest">The statement's subjects are exactly the manifest's files and digests.</param>
/// <param name="FilesUnchanged">Every dataset file still has the digest the statement gives it (re-hashed now).</param>
/// <param name="VerificationProblems">Why the statement cannot be believed, each naming the key, subject or file; empty when it can.</param>
public sealed record GateDatasetFacts(
    string? Name, string? Version, string ManifestPath, string ManifestSha256, bool ManifestUnchanged, IReadOnlyList<string> Licenses,
    bool VerificationPresent, string? VerificationPath, string? VerificationSha256, bool VerificationUnchanged,
    bool VerificationPassed, bool ScanPassed,
    bool SignatureValid, string? SignerKeyId, bool SubjectsMatchManifest, bool FilesUnchanged, IReadOnlyList<string> VerificationProblems);

/// <summary>Red-team results recorded for this exact version.</summary>
/// <param name="Results">Every result, oldest first.</param>
/// <param name="Passed">At least one suite ran, and the latest result of every suite has no failure.</param>
public sealed record GateRedTeamFacts(IReadOnlyList<GateRedTeamResult> Results, bool Passed);

/// <summary>One stored red-team result.</summary>
/// <param name="Suite">Suite name.</param>
/// <param name="SuiteSha256">Suite file digest.</param>
/// <param name="Passed">Cases passed.</param>
/// <param name="Failed">Cases failed.</param>
/// <param name="RecordedAt">When.</param>
/// <param name="JunitPath">JUnit report path.</param>
public sealed record GateRedTeamResult(string Suite, string SuiteSha256, int Passed, int Failed, DateTimeOffset RecordedAt, string? JunitPath);

/// <summary>The weight check made while gathering the facts.</summary>
/// <param name="Unchanged">Every file has its registered digest.</param>
/// <param name="Files">Each file: path, registered digest, status (unchanged, changed, missing).</param>
public sealed record GateWeightFacts(bool Unchanged, IReadOnlyList<GateWeightFile> Files);

/// <summary>One weight file's state.</summary>
/// <param name="Path">Location.</param>
/// <param name="Sha256">Registered digest.</param>
/// <param name="Status"><c>unchanged</c>, <c>changed</c> or <c>missing</c>.</param>
public sealed record GateWeightFile(string Path, string Sha256, string Status);

/// <summary>Approvals of this version.</summary>
/// <param name="ApprovedByOther">Someone other than the registrant approved it.</param>
/// <param name="Approvals">Each approval.</param>
public sealed record GateApprovalFacts(bool ApprovedByOther, IReadOnlyList<GateApproval> Approvals);

/// <summary>One approval.</summary>
/// <param name="Approver">Who.</param>
/// <param name="ApprovedAt">When.</param>
/// <param name="Note">Why, if they said.</param>
/// <param name="DistinctFromRegistrant">The approver is not the registrant.</param>
public sealed record GateApproval(string Approver, DateTimeOffset ApprovedAt, string? Note, bool DistinctFromRegistrant);

/// <summary>Where the model comes from.</summary>
/// <param name="Base">The direct parent, or null for a foundation model.</param>
/// <param name="Chain">The lineage as <c>NAME@VERSION</c>, this version first.</param>
public sealed record GateLineageFacts(GateBaseFacts? Base, IReadOnlyList<string> Chain);

/// <summary>The direct parent model.</summary>
/// <param name="Name">Name.</param>
/// <param name="Version">Version.</param>
/// <param name="Approved">Someone other than its registrant approved it.</param>
public sealed record GateBaseFacts(string Name, string Version, bool Approved);
