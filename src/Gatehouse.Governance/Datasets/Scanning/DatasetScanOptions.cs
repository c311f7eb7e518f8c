using Gatehouse.Governance.Datasets.Readers;

namespace Gatehouse.Governance.Datasets.Scanning;

/// <summary>How a scan runs.</summary>
public sealed record DatasetScanOptions
{
    /// <summary>Scanning threads; defaults to the number of cores.</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>Put real values in findings instead of masked ones.</summary>
    public bool ShowValues { get; init; }

    /// <summary>Size caps that bound memory.</summary>
    public ReaderLimits Limits { get; init; } = ReaderLimits.Default;

    /// <summary>
    /// Findings kept with their details; beyond it findings are still counted (totals stay exact) but not listed,
    /// so a dataset full of e-mails cannot exhaust memory.
    /// </summary>
    public int MaxRecordedFindings { get; init; } = 100_000;
}
