using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Gatehouse.Governance.Datasets.Readers;

/// <summary>
/// JSON Lines: each line is one JSON document and every string value in it is a unit named by its JSON path.
/// A malformed line is reported and skipped; a line over the cap is scanned as raw text in windows, since parsing it
/// whole would need unbounded memory.
/// </summary>
/// <remarks>
/// <c>Read</c> parses on the calling thread. The dataset scanner instead uses <see cref="JsonlLineSplitter"/>,
/// which only cuts raw lines so the scanning threads parse them with <c>CollectUnits</c>; both give the same units.
/// </remarks>
public sealed class JsonlReader(ReaderLimits limits) : IDatasetReader
{
    /// <summary>The caps this reader applies.</summary>
    public ReaderLimits Limits => limits;

    /// <inheritdoc />
    public IEnumerable<ScanUnit> Read(Stream stream, string file, InputErrorLog errors, CancellationToken cancellationToken) =>
        Read(stream, file, errors, firstLine: 1, rowsBefore: 0, Encoding.UTF8, detectByteOrderMark: true, cancellationToken);

    /// <summary>
    /// Reads the rest of a file whose first <paramref name="firstLine"/> - 1 lines (<paramref name="rowsBefore"/>
    /// records) were read elsewhere, decoding with <paramref name="encoding"/>.
    /// </summary>
    internal IEnumerable<ScanUnit> Read(Stream stream, string file, InputErrorLog errors, long firstLine, long rowsBefore, Encoding encoding, bool detectByteOrderMark, CancellationToken cancellationToken)
    {
        using var text = new StreamReader(stream, encoding, detectByteOrderMark, bufferSize: 64 * 1024, leaveOpen: true);
        // Whole lines are parsed straight from the reader's buffer: no string per line, only per value.
        var lines = new BoundedLineReader(text, limits.MaxUnitChars, limits.WindowOverlapChars, materializeWholeLines: false, firstLine);
        var tracker = new JsonPathTracker();
        var values = new List<(string Path, string Value)>();
        var units = new List<ScanUnit>();
        var row = rowsBefore;
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
            units.Clear();
            CollectUnits(lines.CurrentLine.Span, file, piece.LineNumber, row, tracker, values, units, errors);
            foreach (var unit in units)
                yield return unit;
        }
    }

    /// <summary>
    /// Turns one whole, non-blank line (record <paramref name="row"/>) into units added to <paramref name="units"/>;
    /// a malformed document goes to <paramref name="errors"/> instead. The tracker and value list are scratch space.
    /// </summary>
    internal void CollectUnits(ReadOnlySpan<char> line, string file, long lineNumber, long row, JsonPathTracker tracker, List<(string Path, string Value)> values, List<ScanUnit> units, InputErrorLog errors)
    {
        values.Clear();
        if (!TryCollectStrings(line, tracker, values, out var problem))
            errors.Add(file, lineNumber, "malformed-json", problem);
        else
            AddUnits(values, file, lineNumber, row, units);
    }

    /// <summary>The same as the character overload for a line already in UTF-8 (not necessarily valid).</summary>
    internal void CollectUnits(ReadOnlySpan<byte> utf8Line, string file, long lineNumber, long row, JsonPathTracker tracker, List<(string Path, string Value)> values, List<ScanUnit> units, InputErrorLog errors)
    {
        // Invalid UTF-8 is read as the stream decoder reads it (replacement characters), as Read would see it.
        if (!System.Text.Unicode.Utf8.IsValid(utf8Line))
        {
            CollectUnits(Encoding.UTF8.GetString(utf8Line).AsSpan(), file, lineNumber, row, tracker, values, units, errors);
            return;
        }
        values.Clear();
        if (!TryCollectStrings(utf8Line, tracker, values, out var problem))
            errors.Add(file, lineNumber, "malformed-json", problem);
        else
            AddUnits(values, file, lineNumber, row, units);
    }

    private void AddUnits(List<(string Path, string Value)> values, string file, long lineNumber, long row, List<ScanUnit> units)
    {
        foreach (var (path, value) in values)
        {
            var location = new UnitLocation(file, lineNumber, row, path);
            // Almost every value fits in one unit: add it directly instead of through a windowing iterator.
            if (value.Length <= limits.MaxUnitChars)
            {
                if (value.Length > 0)
                    units.Add(new ScanUnit(value, location));
                continue;
            }
            units.AddRange(ValueWindows.Split(value, location, limits));
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
            return TryCollectStrings(rented.AsSpan(0, length), tracker, values, out problem);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Parses one document given as valid UTF-8.</summary>
    internal static bool TryCollectStrings(ReadOnlySpan<byte> utf8, JsonPathTracker tracker, List<(string Path, string Value)> values, out string problem)
    {
        try
        {
            tracker.Reset();
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });
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
        catch (InvalidOperationException e)
        {
            // A string the reader cannot turn into text (an escaped lone surrogate): this line is bad, not the file.
            problem = $"not a valid JSON document: {e.Message}";
            return false;
        }
    }
}
