namespace Gatehouse.Governance.Datasets.Thresholds;

/// <summary>The totals a threshold policy decides on.</summary>
/// <param name="Rows">Records scanned.</param>
/// <param name="Bytes">Bytes scanned.</param>
/// <param name="FindingsByType">Exact finding counts by entity type.</param>
/// <param name="InputErrors">Input errors counted.</param>
/// <param name="Files">Per-file totals, for policies that judge files one by one; empty when not known.</param>
public sealed record ScanTotals(long Rows, long Bytes, IReadOnlyDictionary<string, long> FindingsByType, int InputErrors,
    IReadOnlyList<Scanning.FileScanSummary>? Files = null);

/// <summary>One entity type over its limit.</summary>
/// <param name="EntityType">The entity type.</param>
/// <param name="Count">How many were found.</param>
/// <param name="Limit">The rule that was broken, in words (for example <c>max 0</c>, <c>max 5 per 1,000 rows</c>).</param>
public sealed record ThresholdViolation(string EntityType, long Count, string Limit);

/// <summary>The policy's verdict.</summary>
/// <param name="Violations">Every broken limit; empty when the scan passes.</param>
public sealed record ThresholdDecision(IReadOnlyList<ThresholdViolation> Violations)
{
    /// <summary>True when no limit was broken.</summary>
    public bool Passed => Violations.Count == 0;
}

/// <summary>
/// Decides whether a scan's findings are acceptable. <see cref="ThresholdRules"/> implements it from CLI options or
/// YAML; <see cref="RegoScanThresholdPolicy"/> implements it with a Rego policy (<c>data.gatehouse.dataset</c>).
/// </summary>
public interface IScanThresholdPolicy
{
    /// <summary>Judges <paramref name="totals"/>.</summary>
    ThresholdDecision Evaluate(ScanTotals totals);
}
