using Gatehouse.Governance.Datasets.Scanning;
using Gatehouse.Governance.Datasets.Thresholds;

namespace Gatehouse.Governance.Datasets.Reports;

/// <summary>Exit codes of <c>gatehouse scan</c>, for pipelines.</summary>
public static class ScanExitCodes
{
    /// <summary>Clean: no threshold broken, every input read.</summary>
    public const int Clean = 0;

    /// <summary>Findings over the thresholds (wins over input errors: the data is known to be bad).</summary>
    public const int ThresholdsFailed = 1;

    /// <summary>No threshold broken, but some input could not be read (or a usage error).</summary>
    public const int InputErrors = 2;

    /// <summary>Picks the exit code: 1 if thresholds failed, else 2 if input errors occurred, else 0.</summary>
    public static int For(ThresholdDecision decision, int inputErrors) =>
        !decision.Passed ? ThresholdsFailed : inputErrors > 0 ? InputErrors : Clean;
}

/// <summary>Everything a report needs: what was scanned, what was found, and the verdict.</summary>
/// <param name="Paths">The paths given to the scan.</param>
/// <param name="StartedAt">When the scan started.</param>
/// <param name="Result">The scan result.</param>
/// <param name="Decision">The thresholds' verdict.</param>
public sealed record ScanReport(IReadOnlyList<string> Paths, DateTimeOffset StartedAt, DatasetScanResult Result, ThresholdDecision Decision)
{
    /// <summary>The exit code this report stands for.</summary>
    public int ExitCode => ScanExitCodes.For(Decision, Result.InputErrors.Count);
}
