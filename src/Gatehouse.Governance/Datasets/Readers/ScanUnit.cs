namespace Gatehouse.Governance.Datasets.Readers;

/// <summary>Where a piece of scanned text sits in a dataset, precise enough for a person to open the file and find it.</summary>
/// <param name="File">The file as the user named it (relative to the scan root when scanning a directory).</param>
/// <param name="Line">1-based physical line where the value starts, or 0 when the format has no lines (Parquet).</param>
/// <param name="Row">1-based record number: JSONL document, JSON array element, CSV data row, Parquet row; equals the line for text.</param>
/// <param name="Field">JSON path (<c>messages[1].content</c>), CSV/Parquet column name, or null for plain text.</param>
public readonly record struct UnitLocation(string File, long Line, long Row, string? Field);

/// <summary>
/// One piece of text to scan. Long values are cut into overlapping windows: <see cref="Offset"/> is where this
/// window starts inside the whole value, and findings ending at or before <see cref="DuplicateEnd"/> (window-relative)
/// were already reported by the previous window and are dropped.
/// </summary>
/// <param name="Text">The text to scan.</param>
/// <param name="Location">Where the value lives.</param>
/// <param name="Offset">UTF-16 offset of <paramref name="Text"/> within the whole value (0 unless windowed).</param>
/// <param name="DuplicateEnd">Window-relative end below which findings are duplicates of the previous window.</param>
public readonly record struct ScanUnit(string Text, UnitLocation Location, long Offset = 0, int DuplicateEnd = 0);
