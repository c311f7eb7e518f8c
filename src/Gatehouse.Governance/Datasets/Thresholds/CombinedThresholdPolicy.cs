namespace Gatehouse.Governance.Datasets.Thresholds;

/// <summary>
/// Several threshold policies at once (for example a Rego policy plus <c>--max</c> rules): the scan passes only when
/// every policy passes, and the violations of all of them are reported. No policy can loosen another.
/// </summary>
public sealed class CombinedThresholdPolicy(IReadOnlyList<IScanThresholdPolicy> policies) : IScanThresholdPolicy
{
    /// <inheritdoc />
    public ThresholdDecision Evaluate(ScanTotals totals) => new(policies.SelectMany(p => p.Evaluate(totals).Violations).ToList());
}
