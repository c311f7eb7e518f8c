using Gatehouse.Governance.Datasets.Readers;

namespace Gatehouse.Governance.Datasets.Scanning;

/// <summary>What was scanned in one file.</summary>
/// <param name="File">Display path.</param>
/// <param name="Format">Format read (lower case), or <c>skipped</c>.</param>
/// <param name="Bytes">Bytes on disk.</param>
/// <param name="Rows">Records read.</param>
/// <param name="FindingsByType">Finding counts by entity type.</param>
public sealed record FileScanSummary(string File, string Format, long Bytes, long Rows, IReadOnlyDictionary<string, long> FindingsByType)
{
    /// <summary>All findings in the file.</summary>
    public long Findings => FindingsByType.Values.Sum();
}

/// <summary>The outcome of a scan: exact counts, the recorded findings, and the input errors.</summary>
/// <param name="Files">Per-file summaries, in path order.</param>
/// <param name="Findings">Recorded findings in file, row, offset order (at most the configured maximum).</param>
/// <param name="FindingsByType">Exact counts by entity type over all files.</param>
/// <param name="InputErrors">Input errors in file and line order.</param>
/// <param name="Elapsed">Wall-clock duration.</param>
public sealed record DatasetScanResult(
    IReadOnlyList<FileScanSummary> Files,
    IReadOnlyList<DatasetFinding> Findings,
    IReadOnlyDictionary<string, long> FindingsByType,
    IReadOnlyList<InputError> InputErrors,
    TimeSpan Elapsed)
{
    /// <summary>Bytes scanned.</summary>
    public long TotalBytes => Files.Sum(f => f.Bytes);

    /// <summary>Records scanned.</summary>
    public long TotalRows => Files.Sum(f => f.Rows);

    /// <summary>All findings, recorded or not.</summary>
    public long TotalFindings => FindingsByType.Values.Sum();

    /// <summary>True when more findings exist than are listed.</summary>
    public bool FindingsTruncated => TotalFindings > Findings.Count;
}
