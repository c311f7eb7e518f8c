using Gatehouse.Governance.Datasets.Readers;

namespace Gatehouse.Governance.Datasets.Manifests;

/// <summary>
/// Writes a first manifest for a folder: the files and their hashes are filled in, everything only a person can
/// answer (licence, legal basis, owner...) is a <c>TODO</c> that <see cref="ManifestVerifier"/> rejects.
/// </summary>
public static class ManifestInitializer
{
    /// <summary>Builds the manifest for <paramref name="directory"/>.</summary>
    public static DatasetManifest Create(string directory, string? name = null)
    {
        const string todo = DatasetManifest.TodoMarker;
        return new DatasetManifest
        {
            Name = name ?? new DirectoryInfo(directory).Name,
            Version = "0.1.0",
            Description = $"{todo}: what the data is and how it was prepared",
            Owner = $"{todo}: accountable team and contact",
            Sources =
            [
                new DatasetSource
                {
                    Origin = $"{todo}: where the data came from",
                    Licence = $"{todo}: SPDX licence id, e.g. CC-BY-4.0",
                    CollectionMethod = $"{todo}: how it was collected",
                    LegalBasis = $"{todo}: legal basis (consent, contract, legitimate interest...)",
                    ConsentReference = $"{todo}: where consent or the basis is documented",
                    CollectionDate = $"{todo}: yyyy-MM-dd",
                },
            ],
            IntendedUse = $"{todo}: what the data may be used for",
            PersonalDataCategories = [$"{todo}: categories of personal data, or 'none'"],
            Retention = $"{todo}: how long it is kept",
            Files = [.. HashFiles(directory)],
        };
    }

    /// <summary>The relative paths of the dataset files of <paramref name="directory"/>, without hashing them.</summary>
    public static IEnumerable<string> DataFilePaths(string directory) =>
        DatasetFileFinder.InDirectory(directory, [], [], prefixDirectory: false).Select(f => f.DisplayPath);

    /// <summary>The dataset files of <paramref name="directory"/> (manifest and .gatehouse excluded) with hashes.</summary>
    public static IEnumerable<DatasetFileEntry> HashFiles(string directory) =>
        DatasetFileFinder.InDirectory(directory, [], [], prefixDirectory: false)
            .Select(f => new DatasetFileEntry { Path = f.DisplayPath, Sha256 = FileHasher.Sha256(f.FullPath), Bytes = f.Length });
}
