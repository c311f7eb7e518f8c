namespace Gatehouse.Governance.Datasets.Scanning;

/// <summary>One piece of sensitive data found in a dataset.</summary>
/// <param name="File">The file (display path).</param>
/// <param name="Line">1-based line, 0 when the format has none (Parquet).</param>
/// <param name="Row">1-based record number.</param>
/// <param name="Field">JSON path or column name; null for plain text.</param>
/// <param name="Offset">UTF-16 offset of the value within the field (or line for text).</param>
/// <param name="Length">Length of the value in UTF-16 code units.</param>
/// <param name="EntityType">The entity type, for example <c>EMAIL</c>.</param>
/// <param name="Score">Detector confidence between 0 and 1.</param>
/// <param name="DetectorId">The detector that found it.</param>
/// <param name="Value">The value, masked unless the scan was asked to show values.</param>
public sealed record DatasetFinding(string File, long Line, long Row, string? Field, long Offset, int Length, string EntityType, double Score, string DetectorId, string Value);
