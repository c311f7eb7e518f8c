namespace Gatehouse.Governance.Datasets.Readers;

/// <summary>A piece of a line: the whole line, or one window of a line longer than the cap.</summary>
/// <param name="LineNumber">1-based line number.</param>
/// <param name="Text">The characters, without the line terminator.</param>
/// <param name="Offset">Offset of <paramref name="Text"/> within the whole line.</param>
/// <param name="DuplicateEnd">Window-relative end below which findings were already seen by the previous window.</param>
/// <param name="IsWholeLine">True when the line fit under the cap and <paramref name="Text"/> is all of it.</param>
public readonly record struct LinePiece(long LineNumber, string Text, long Offset, int DuplicateEnd, bool IsWholeLine);

/// <summary>
/// Reads lines like <see cref="TextReader.ReadLine"/> but never holds more than the cap in memory: a longer line comes
/// out as overlapping windows. <see cref="StreamReader.ReadLine"/> would allocate a line of any size, which a 500 MB
/// single-line file turns into an out-of-memory crash.
/// </summary>
public sealed class BoundedLineReader
{
    private readonly TextReader _reader;
    private readonly int _overlap;
    private readonly char[] _buffer = new char[64 * 1024];
    private readonly char[] _piece;
    private readonly bool _materializeWholeLines;
    private int _lastLineLength;
    private int _bufferPos;
    private int _bufferLen;
    private int _pieceLen;
    private long _lineNumber;
    private long _pieceOffset;
    private bool _continuing;
    private bool _eof;

    /// <summary>Creates a reader cutting lines at <paramref name="maxChars"/> with <paramref name="overlap"/> characters repeated.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="maxChars">The longest piece.</param>
    /// <param name="overlap">Characters a window repeats from the previous one.</param>
    /// <param name="materializeWholeLines">
    /// False for callers that parse a whole line in place (JSONL): its <see cref="LinePiece.Text"/> is then empty and
    /// the characters are in <see cref="CurrentLine"/>, which saves a string per line. Windows are always strings.
    /// </param>
    /// <param name="firstLineNumber">Number of the first line read, when the text is the rest of a file read partly elsewhere.</param>
    public BoundedLineReader(TextReader reader, int maxChars, int overlap, bool materializeWholeLines = true, long firstLineNumber = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChars, 16);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(overlap, maxChars / 2);
        _reader = reader;
        _overlap = overlap;
        _piece = new char[maxChars];
        _materializeWholeLines = materializeWholeLines;
        _lineNumber = firstLineNumber;
    }

    /// <summary>
    /// The characters of the whole line last read when lines are not materialized; valid until the next read.
    /// </summary>
    public ReadOnlyMemory<char> CurrentLine => _piece.AsMemory(0, _lastLineLength);

    /// <summary>Reads the next line or window; false at the end of input.</summary>
    public bool TryRead(out LinePiece piece)
    {
        while (true)
        {
            if (_bufferPos == _bufferLen)
            {
                if (!_eof)
                {
                    _bufferLen = _reader.Read(_buffer, 0, _buffer.Length);
                    _bufferPos = 0;
                    _eof = _bufferLen == 0;
                }
                if (_eof)
                {
                    if (_pieceLen > 0 || _continuing)
                    {
                        piece = EmitLineEnd();
                        return true;
                    }
                    piece = default;
                    return false;
                }
            }

            var span = _buffer.AsSpan(_bufferPos, _bufferLen - _bufferPos);
            var newline = span.IndexOf('\n');
            var take = newline < 0 ? span.Length : newline;
            var room = _piece.Length - _pieceLen;
            if (take > room)
            {
                span[..room].CopyTo(_piece.AsSpan(_pieceLen));
                _bufferPos += room;
                _pieceLen += room;
                piece = EmitWindow();
                return true;
            }
            span[..take].CopyTo(_piece.AsSpan(_pieceLen));
            _pieceLen += take;
            _bufferPos += take;
            if (newline >= 0)
            {
                _bufferPos++;
                piece = EmitLineEnd();
                return true;
            }
        }
    }

    private LinePiece EmitWindow()
    {
        var duplicateEnd = _continuing ? _overlap : 0;
        var result = new LinePiece(_lineNumber, new string(_piece, 0, _pieceLen), _pieceOffset, duplicateEnd, false);
        // Keep the tail so an entity cut by the window edge is seen whole in the next window.
        Array.Copy(_piece, _pieceLen - _overlap, _piece, 0, _overlap);
        _pieceOffset += _pieceLen - _overlap;
        _pieceLen = _overlap;
        _continuing = true;
        return result;
    }

    private LinePiece EmitLineEnd()
    {
        var length = _pieceLen > 0 && _piece[_pieceLen - 1] == '\r' ? _pieceLen - 1 : _pieceLen;
        _lastLineLength = length;
        var text = _materializeWholeLines || _continuing ? new string(_piece, 0, length) : "";
        var result = new LinePiece(_lineNumber, text, _pieceOffset, _continuing ? _overlap : 0, !_continuing);
        _lineNumber++;
        _pieceLen = 0;
        _pieceOffset = 0;
        _continuing = false;
        return result;
    }
}
