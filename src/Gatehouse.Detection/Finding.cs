namespace Gatehouse.Detection;

/// <summary>
/// A piece of sensitive data found in a text. Offsets are UTF-16 code-unit indexes into the original
/// (un-normalized) text, end exclusive, so callers can slice the string they passed in.
/// </summary>
/// <param name="EntityType">The entity type, for example <c>EMAIL</c> or <c>AWS_ACCESS_KEY</c>.</param>
/// <param name="Start">Index of the first character of the value.</param>
/// <param name="End">Index one past the last character of the value.</param>
/// <param name="Score">Confidence between 0 and 1, raised by nearby context words.</param>
/// <param name="DetectorId">The detector that produced the finding.</param>
public sealed record Finding(string EntityType, int Start, int End, double Score, string DetectorId)
{
    /// <summary>Number of UTF-16 code units the value spans.</summary>
    public int Length => End - Start;
}
