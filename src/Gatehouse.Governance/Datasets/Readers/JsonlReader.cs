using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Gatehouse.Governance.Datasets.Readers;

/// <summary>
/// JSON Lines: each line is one JSON document and every string value in it is a unit named by its JSON path.
/// A malformed line is reported and skipped; a line over the cap is scanned as raw text in windows, since parsing it
/// whole would need unbounded memory.
/// </summary>
public sealed class JsonlReader(ReaderLimits limits) : IDatasetReader
{
    /// <inheritdoc />
    public IEnumerable<ScanUnit> Read(Stream stream, string file, InputErrorLog errors, CancellationToken cancellationToken)
    {
        using var text = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        // Whole lines are parsed straight from the reader's buffer: no string per line, only per value.
        var lines = new BoundedLineReader(text, limits.MaxUnitChars, limits.WindowOverlapChars, materializeWholeLines: false);
        var tracker = new JsonPathTracker();
        var values = new List<(string Path, string Value)>();
        long row = 0;
        long oversizeLine = 0;
        while (TextLineReader.ReadSafely(lines, file, errors, out var piece))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!piece.IsWholeLine)
            {
                // Too long to parse structurally: still scan every character, as raw text windows.
                if (piece.LineNumber != oversizeLine)
                {
                    oversizeLine = piece.LineNumber;
                    row++;
                    errors.Add(file, piece.LineNumber, "oversize-line", $"line longer than {limits.MaxUnitChars} characters: scanned as raw text in windows, without JSON paths");
                }
                yield return new ScanUnit(piece.Text, new UnitLocation(file, piece.LineNumber, row, null), piece.Offset, piece.DuplicateEnd);
                continue;
            }
            if (lines.CurrentLine.Span.IsWhiteSpace())
                continue;
            row++;
            values.Clear();
            if (!TryCollectStrings(lines.CurrentLine.Span, tracker, values, out var problem))
            {
                errors.Add(file, piece.LineNumber, "malformed-json", problem);
                continue;
            }
            foreach (var (path, value) in values)
            {
                var location = new UnitLocation(file, piece.LineNumber, row, path);
                // Almost every value fits in one unit: yield it directly instead of through a windowing iterator.
                if (value.Length <= limits.MaxUnitChars)
                {
                    if (value.Length > 0)
                        yield return new ScanUnit(value, location);
                    continue;
                }
                foreach (var unit in ValueWindows.Split(value, location, limits))
                    yield return unit;
            }
        }
    }

    /// <summary>Parses one document and collects its string values with paths; false with a reason when malformed.</summary>
    internal static bool TryCollectStrings(ReadOnlySpan<char> line, JsonPathTracker tracker, List<(string Path, string Value)> values, out string problem)
    {
        var byteCount = Encoding.UTF8.GetMaxByteCount(line.Length);
        var rented = ArrayPool<byte>.Shared.Rent(byteCount);
        try
        {
            var length = Encoding.UTF8.GetBytes(line, rented);
            tracker.Reset();
            var reader = new Utf8JsonReader(rented.AsSpan(0, length), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });
            while (reader.Read())
            {
                tracker.Observe(ref reader);
                if (reader.TokenType == JsonTokenType.String)
                    values.Add((tracker.CurrentPath(), reader.GetString()!));
            }
            problem = "";
            return true;
        }
        catch (JsonException e)
        {
            problem = $"not a valid JSON document: {e.Message}";
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
