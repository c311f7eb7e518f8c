using Gatehouse.Detection;
using Gatehouse.Detection.Detectors;
using Gatehouse.Gateway.DataProtection;

namespace Gatehouse.Gateway.Tests.Support;

/// <summary>
/// A detector that fails (as a buggy custom detector or a crashing model would) whenever the text contains
/// <see cref="Trigger"/>. Put in a real <see cref="DetectionEngine"/> next to every built-in detector.
/// </summary>
public sealed class ThrowingDetector : IDetector
{
    /// <summary>The word that makes it throw.</summary>
    public const string Trigger = "KABOOM";

    /// <inheritdoc />
    public string Id => "test:throwing";

    /// <inheritdoc />
    public IReadOnlyCollection<string> EntityTypes { get; } = ["TEST_FAILURE"];

    /// <inheritdoc />
    public int MaxLength => 16;

    /// <inheritdoc />
    public bool MayMatch(in TextFeatures features) => true;

    /// <inheritdoc />
    public void Detect(string text, List<Finding> sink)
    {
        if (text.Contains(Trigger, StringComparison.Ordinal))
            throw new InvalidOperationException("the detector's model crashed");
    }

    /// <summary>A runtime whose engine holds every built-in detector plus this one.</summary>
    public static DetectionRuntime Runtime(string dataDirectory) => new(
        new DetectionEngine(BuiltInDetectors.All().Append(new ThrowingDetector())),
        DetectionKeys.LoadOrCreate(dataDirectory, null, null));
}
