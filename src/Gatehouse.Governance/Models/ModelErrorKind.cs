namespace Gatehouse.Governance.Models;

/// <summary>What went wrong in a model-governance operation, so callers can map it to an exit code or HTTP status.</summary>
public enum ModelErrorKind
{
    /// <summary>A reference is not <c>NAME@VERSION</c> or the name has characters we do not accept.</summary>
    InvalidReference,
    /// <summary>A version is not a strict semantic version.</summary>
    InvalidVersion,
    /// <summary>No model is registered under that name and version.</summary>
    UnknownModel,
    /// <summary>The name and version are already registered.</summary>
    DuplicateModel,
    /// <summary>A weight file named at registration does not exist or cannot be read.</summary>
    MissingWeightFile,
    /// <summary>A dataset manifest or model card file does not exist or cannot be read.</summary>
    MissingFile,
    /// <summary>A dataset manifest is not valid YAML.</summary>
    InvalidDatasetManifest,
    /// <summary>The base model named for lineage is not registered.</summary>
    BaseNotRegistered,
    /// <summary>The lineage would contain (or contains) a cycle.</summary>
    LineageCycle,
    /// <summary>The registrant tried to approve their own model.</summary>
    SelfApproval,
    /// <summary>The model card lacks required sections or has invalid front matter.</summary>
    IncompleteCard,
    /// <summary>
    /// A dataset's verification statement cannot be believed: not signed by a trusted key, altered, or describing files
    /// other than the manifest's or than those on disk.
    /// </summary>
    UntrustedDatasetStatement,
    /// <summary>The gate policy is missing, fails to evaluate, or returns a decision of the wrong shape.</summary>
    InvalidGatePolicy,
}
