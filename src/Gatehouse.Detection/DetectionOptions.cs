using Gatehouse.Detection.Detectors;

namespace Gatehouse.Detection;

/// <summary>What a <see cref="DetectionEngine"/> looks for and how sure it must be.</summary>
public sealed record DetectionOptions
{
    /// <summary>Entity types to report; null means every built-in and custom type.</summary>
    public IReadOnlySet<string>? EnabledEntityTypes { get; init; }

    /// <summary>Findings scoring below this are dropped.</summary>
    public double MinimumScore { get; init; } = 0.5;

    /// <summary>Operator-defined detectors added to the built-in ones.</summary>
    public IReadOnlyList<CustomDetectorOptions> CustomDetectors { get; init; } = [];

    /// <summary>Total time one scan may take; past it the scan fails with <see cref="DetectionException"/>.</summary>
    public TimeSpan TimeBudget { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Texts longer than this (in characters) are refused rather than scanned partially.</summary>
    public int MaxTextLength { get; init; } = 16 * 1024 * 1024;
}
