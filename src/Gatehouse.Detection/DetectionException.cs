namespace Gatehouse.Detection;

/// <summary>
/// A scan could not be completed (a detector threw, the time budget ran out, the input was refused). Callers must
/// treat this as "unknown", which for a gateway means blocking the request: failing closed, never "no findings".
/// </summary>
public sealed class DetectionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DetectionException(string message, string? detectorId = null, Exception? inner = null) : base(message, inner) =>
        DetectorId = detectorId;

    /// <summary>The detector that failed, when one did.</summary>
    public string? DetectorId { get; }
}
