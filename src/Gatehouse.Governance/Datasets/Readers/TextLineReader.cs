using System.Text;

namespace Gatehouse.Governance.Datasets.Readers;

/// <summary>Plain text and Markdown: every line is a unit (long lines in windows); the row is the line.</summary>
public sealed class TextLineReader(ReaderLimits limits) : IDatasetReader
{
    /// <inheritdoc />
    public IEnumerable<ScanUnit> Read(Stream stream, string file, InputErrorLog errors, CancellationToken cancellationToken)
    {
        using var text = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        var lines = new BoundedLineReader(text, limits.MaxUnitChars, limits.WindowOverlapChars);
        while (ReadSafely(lines, file, errors, out var piece))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (piece.Text.Length == 0)
                continue;
            yield return new ScanUnit(piece.Text, new UnitLocation(file, piece.LineNumber, piece.LineNumber, null), piece.Offset, piece.DuplicateEnd);
        }
    }

    /// <summary>Reads one piece, turning a failing stream (truncated gzip, I/O error) into an input error that ends the file.</summary>
    internal static bool ReadSafely(BoundedLineReader lines, string file, InputErrorLog errors, out LinePiece piece)
    {
        try
        {
            return lines.TryRead(out piece);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            errors.Add(file, 0, StreamFailure.Kind(e), StreamFailure.Describe(e));
            piece = default;
            return false;
        }
    }
}
