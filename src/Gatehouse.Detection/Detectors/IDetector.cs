namespace Gatehouse.Detection.Detectors;

/// <summary>
/// One detector: finds candidate values of one entity type (or a small family) in normalized text and validates
/// them. Detectors are stateless and thread-safe; the engine calls them concurrently.
/// </summary>
public interface IDetector
{
    /// <summary>Stable identifier, reported in <see cref="Finding.DetectorId"/>.</summary>
    string Id { get; }

    /// <summary>The entity types this detector can report.</summary>
    IReadOnlyCollection<string> EntityTypes { get; }

    /// <summary>
    /// The longest value this detector reports, in characters. The streaming scanner holds back this many
    /// characters, so it must be a true bound.
    /// </summary>
    int MaxLength { get; }

    /// <summary>
    /// Cheap test on the text's features: false means the text cannot contain a match and the detector is skipped.
    /// </summary>
    bool MayMatch(in TextFeatures features);

    /// <summary>Adds findings (offsets into <paramref name="text"/>) to <paramref name="sink"/>.</summary>
    void Detect(string text, List<Finding> sink);
}
