using System.Buffers;
using System.Text;

namespace Gatehouse.Governance.Datasets.Readers;

/// <summary>
/// Cuts a JSONL stream into batches of raw UTF-8 lines without decoding or parsing them: the reading thread of a scan
/// only looks for line ends, and the scanning threads parse (<see cref="JsonlReader.CollectUnits(ReadOnlySpan{byte}, string, long, long, JsonPathTracker, List{ValueTuple{string, string}}, List{ScanUnit}, InputErrorLog)"/>).
/// On two cores the single reader that also parsed was a third busy thread competing with both scanners (issue #6).
/// </summary>
/// <remarks>
/// The units are exactly those of <see cref="JsonlReader.Read(Stream, string, InputErrorLog, CancellationToken)"/>:
/// a line of at most the cap in bytes is at most the cap in characters, so it is a whole line there too; from the
/// first longer line on (and for a file with a UTF-16 or UTF-32 byte order mark) the rest of the file is read by
/// <see cref="JsonlReader"/> itself, continuing the line and record numbers.
/// </remarks>
internal sealed class JsonlLineSplitter(JsonlReader reader)
{
    /// <summary>Bytes per batch: a few milliseconds of scanning, so hand-overs between threads stay rare.</summary>
    internal const int BatchBytes = 256 * 1024;

    private static readonly Encoding Utf8WithoutBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    public IEnumerable<JsonlChunk> Split(Stream stream, string file, InputErrorLog errors, CancellationToken cancellationToken)
    {
        var cap = reader.Limits.MaxUnitChars;
        var buffer = ArrayPool<byte>.Shared.Rent(BatchBytes);
        var lines = new List<JsonlLine>();
        int length = 0, lineStart = 0, searched = 0;
        long lineNumber = 1, row = 0;
        var eof = false;
        var startChecked = false;
        IEnumerable<ScanUnit>? rest = null;
        while (true)
        {
            var newline = buffer.AsSpan(searched, length - searched).IndexOf((byte)'\n');
            if (newline >= 0 && searched + newline - lineStart <= cap)
            {
                AddLine(buffer, lineStart, searched + newline - lineStart, lineNumber++, ref row, lines);
                lineStart = searched = searched + newline + 1;
                continue;
            }
            if (newline >= 0 || length - lineStart > cap)
            {
                // A line over the cap: the classic reader cuts it into windows and carries on from there.
                rest = reader.Read(Remainder(buffer, lineStart, length, stream), file, errors, lineNumber, row, Utf8WithoutBom, detectByteOrderMark: false, cancellationToken);
                break;
            }
            searched = length;
            if (eof)
            {
                if (length > lineStart)
                    AddLine(buffer, lineStart, length - lineStart, lineNumber, ref row, lines);
                break;
            }
            if (length == buffer.Length)
            {
                // Full: hand over the complete lines and carry the partial one (at most the cap) into a new buffer.
                var partial = length - lineStart;
                var next = ArrayPool<byte>.Shared.Rent(Math.Max(BatchBytes, 2 * partial));
                buffer.AsSpan(lineStart, partial).CopyTo(next);
                if (lines.Count > 0)
                {
                    yield return new JsonlChunk(new JsonlLineBatch(reader, buffer, lines), default);
                    lines = [];
                }
                else
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
                buffer = next;
                length = searched = partial;
                lineStart = 0;
            }
            cancellationToken.ThrowIfCancellationRequested();
            if (!TryRead(stream, buffer, ref length, file, errors))
                break;
            eof = length == searched;
            if (!startChecked && (length >= 4 || eof))
            {
                startChecked = true;
                var head = buffer.AsSpan(0, length);
                if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
                    lineStart = searched = 3;
                else if (head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
                {
                    // UTF-16 or UTF-32: the classic reader decodes it as it always has.
                    rest = reader.Read(Remainder(buffer, 0, length, stream), file, errors, cancellationToken);
                    break;
                }
            }
        }
        if (lines.Count > 0)
            yield return new JsonlChunk(new JsonlLineBatch(reader, buffer, lines), default);
        else
            ArrayPool<byte>.Shared.Return(buffer);
        if (rest is not null)
            foreach (var unit in rest)
                yield return new JsonlChunk(null, unit);
    }

    // A failing stream (truncated gzip, I/O error) ends the file with an input error, as for every reader; the partial
    // line read before the failure is dropped.
    private static bool TryRead(Stream stream, byte[] buffer, ref int length, string file, InputErrorLog errors)
    {
        try
        {
            length += stream.Read(buffer, length, buffer.Length - length);
            return true;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            errors.Add(file, 0, StreamFailure.Kind(e), StreamFailure.Describe(e));
            return false;
        }
    }

    private static PrefixedStream Remainder(byte[] buffer, int start, int length, Stream stream) =>
        new(buffer.AsSpan(start, length - start).ToArray(), length - start, stream);

    private static void AddLine(byte[] buffer, int start, int length, long lineNumber, ref long row, List<JsonlLine> lines)
    {
        if (length > 0 && buffer[start + length - 1] == (byte)'\r')
            length--;
        if (IsBlank(buffer.AsSpan(start, length)))
            return;
        lines.Add(new JsonlLine(start, length, lineNumber, ++row));
    }

    // Blank as the classic reader judges it: every character white space (char.IsWhiteSpace), after UTF-8 decoding.
    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (var b in line)
        {
            if (b >= 0x80)
                return Encoding.UTF8.GetString(line).AsSpan().IsWhiteSpace();
            if (!char.IsWhiteSpace((char)b))
                return false;
        }
        return true;
    }
}
