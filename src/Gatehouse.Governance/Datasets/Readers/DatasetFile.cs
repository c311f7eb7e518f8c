namespace Gatehouse.Governance.Datasets.Readers;

/// <summary>A file to scan.</summary>
/// <param name="FullPath">Absolute path on disk.</param>
/// <param name="DisplayPath">The path shown in findings and reports: relative to the scanned directory, with forward slashes.</param>
/// <param name="Length">Size on disk in bytes (compressed size for gzip).</param>
public sealed record DatasetFile(string FullPath, string DisplayPath, long Length);
