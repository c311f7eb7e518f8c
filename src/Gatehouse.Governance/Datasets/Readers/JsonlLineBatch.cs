using System.Buffers;

namespace Gatehouse.Governance.Datasets.Readers;

/// <summary>One whole, non-blank JSONL line inside a <see cref="JsonlLineBatch"/>.</summary>
/// <param name="Start">Offset of the line's first byte in the batch buffer.</param>
/// <param name="Length">Bytes of the line, without its terminator.</param>
/// <param name="LineNumber">1-based physical line.</param>
/// <param name="Row">1-based record number (blank lines are not records).</param>
internal readonly record struct JsonlLine(int Start, int Length, long LineNumber, long Row);

/// <summary>
/// Raw JSONL lines cut by the reading thread and parsed by a scanning thread, so that parsing runs on every core rather
/// than on the one reading the file. The buffer is pooled: whoever consumes the batch disposes it.
/// </summary>
internal sealed class JsonlLineBatch(JsonlReader parser, byte[] buffer, List<JsonlLine> lines) : IDisposable
{
    private byte[]? _buffer = buffer;

    /// <summary>The reader whose caps and parsing rules apply to these lines.</summary>
    public JsonlReader Parser { get; } = parser;

    /// <summary>The lines, in file order.</summary>
    public List<JsonlLine> Lines { get; } = lines;

    /// <summary>The bytes of one line of this batch.</summary>
    public ReadOnlySpan<byte> Bytes(JsonlLine line) =>
        (_buffer ?? throw new ObjectDisposedException(nameof(JsonlLineBatch))).AsSpan(line.Start, line.Length);

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        if (_buffer is { } b)
            ArrayPool<byte>.Shared.Return(b);
        _buffer = null;
    }
}

/// <summary>What <see cref="JsonlLineSplitter"/> hands over: a batch of raw lines, or one unit read the classic way.</summary>
/// <param name="Lines">Raw lines to parse, or null.</param>
/// <param name="Unit">A unit already read (when <paramref name="Lines"/> is null).</param>
internal readonly record struct JsonlChunk(JsonlLineBatch? Lines, ScanUnit Unit);
