namespace Gatehouse.Governance.Datasets.Manifests;

/// <summary>
/// <c>gatehouse-dataset.yaml</c>: what a dataset is, where it came from, on what legal ground, what personal data it
/// holds, how long it is kept, and the exact files (by SHA-256) the statement is about.
/// </summary>
public sealed class DatasetManifest
{
    /// <summary>The manifest's file name.</summary>
    public const string FileName = "gatehouse-dataset.yaml";

    /// <summary>Prefix of a field that still needs a human answer; verify rejects it.</summary>
    public const string TodoMarker = "TODO";

    /// <summary>Dataset name.</summary>
    public string? Name { get; set; }

    /// <summary>Dataset version.</summary>
    public string? Version { get; set; }

    /// <summary>What the data is.</summary>
    public string? Description { get; set; }

    /// <summary>Accountable person or team (with a contact).</summary>
    public string? Owner { get; set; }

    /// <summary>Where the data came from.</summary>
    public List<DatasetSource> Sources { get; set; } = [];

    /// <summary>What the data may be used for.</summary>
    public string? IntendedUse { get; set; }

    /// <summary>Categories of personal data present (empty list only when there are none; "none" says so).</summary>
    public List<string> PersonalDataCategories { get; set; } = [];

    /// <summary>How long the data is kept and what happens then.</summary>
    public string? Retention { get; set; }

    /// <summary>The files with their content hashes, paths relative to the manifest's folder.</summary>
    public List<DatasetFileEntry> Files { get; set; } = [];

    /// <summary>Entity types knowingly present, each with the reason it is acceptable.</summary>
    public List<ScanException> ScanExceptions { get; set; } = [];
}

/// <summary>One origin of the data.</summary>
public sealed class DatasetSource
{
    /// <summary>Where it came from (URL, system, partner).</summary>
    public string? Origin { get; set; }

    /// <summary>Licence as an SPDX identifier or expression, for example <c>CC-BY-4.0</c>.</summary>
    public string? Licence { get; set; }

    /// <summary>How it was collected (export, crawl, survey...).</summary>
    public string? CollectionMethod { get; set; }

    /// <summary>Legal basis for processing (GDPR art. 6: consent, contract, legitimate interest...).</summary>
    public string? LegalBasis { get; set; }

    /// <summary>Where consent or the basis is documented.</summary>
    public string? ConsentReference { get; set; }

    /// <summary>Collection date, ISO 8601 (<c>yyyy-MM-dd</c>).</summary>
    public string? CollectionDate { get; set; }
}

/// <summary>A file of the dataset and its content hash.</summary>
public sealed class DatasetFileEntry
{
    /// <summary>Path relative to the manifest's folder, forward slashes.</summary>
    public string? Path { get; set; }

    /// <summary>Lower-case hex SHA-256 of the content.</summary>
    public string? Sha256 { get; set; }

    /// <summary>Size in bytes.</summary>
    public long Bytes { get; set; }
}

/// <summary>A justified exception: findings of this type are acceptable in this dataset.</summary>
public sealed class ScanException
{
    /// <summary>The entity type, for example <c>EMAIL</c>.</summary>
    public string? EntityType { get; set; }

    /// <summary>Why it is acceptable (synthetic data, consented, pseudonymous...).</summary>
    public string? Justification { get; set; }
}
