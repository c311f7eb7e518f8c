namespace Gatehouse.Governance.Datasets.Readers;

/// <summary>A file to scan.</summary>
/// <param name="FullPath">Absolute path on disk.</param>
/// <param name="DisplayPath">The path shown in findings and reports: relative to the scanned directory, with forward slashes.</param>
/// <param name="Length">Size on disk in bytes (compressed size for gzip).</param>
public sealed record DatasetFile(string FullPath, string DisplayPath, long Length)
{
    /// <summary>Path relative to the scanned directory (the file name for a file given directly); used to mirror the layout in a redacted copy.</summary>
    public string RelativePath { get; init; } = Path.GetFileName(FullPath);
}
