namespace Gatehouse.Governance.Datasets.Attestation;

/// <summary>
/// What re-verifying a dataset verification statement found (<see cref="DatasetStatementVerifier"/>). Each flag is
/// false when it could not be established (no statement, unreadable envelope), and <see cref="Problems"/> says why.
/// </summary>
/// <param name="SignatureValid">A trusted key signed the envelope and the signature holds over its payload.</param>
/// <param name="SignerKeyId">The key id of the trusted signer, or null.</param>
/// <param name="SubjectsMatchManifest">The statement's subjects are exactly the manifest's files, with the same digests, and it names the manifest as it is.</param>
/// <param name="FilesUnchanged">Every subject file on disk still has the statement's digest.</param>
/// <param name="Passed">The statement says the dataset verified (<c>predicate.passed</c>).</param>
/// <param name="ScanPassed">The statement's <c>scan</c> check passed.</param>
/// <param name="Problems">Each cause, naming the key, subject or file.</param>
public sealed record StatementVerification(
    bool SignatureValid, string? SignerKeyId, bool SubjectsMatchManifest, bool FilesUnchanged, bool Passed, bool ScanPassed,
    IReadOnlyList<string> Problems)
{
    /// <summary>The statement can be believed: trusted signature, subjects matching the manifest and the files on disk.</summary>
    public bool Authentic => SignatureValid && SubjectsMatchManifest && FilesUnchanged;
}
