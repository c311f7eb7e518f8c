using System.Text;

namespace Gatehouse.Governance.Datasets.Readers;

/// <summary>One field of a record, or one window of a field longer than the cap.</summary>
/// <param name="Column">0-based column index.</param>
/// <param name="Text">The unquoted, unescaped value (or window of it).</param>
/// <param name="Offset">Offset of this window within the field.</param>
/// <param name="DuplicateEnd">Window-relative end below which findings were seen by the previous window.</param>
/// <param name="IsWhole">True when <paramref name="Text"/> is the whole field.</param>
public readonly record struct DelimitedField(int Column, string Text, long Offset, int DuplicateEnd, bool IsWhole);

/// <summary>
/// A streaming RFC 4180 parser: quoted fields may hold delimiters, doubled quotes and line breaks; CRLF or LF ends a
/// record. It is lenient where real files are sloppy (a stray quote inside an unquoted field is kept as text) and
/// reports what it cannot recover (an unterminated quote). Fields longer than the cap come out in windows.
/// </summary>
public sealed class DelimitedRecordParser
{
    private readonly TextReader _reader;
    private readonly char _delimiter;
    private readonly int _maxFieldChars;
    private readonly int _overlap;
    private readonly char[] _buffer = new char[64 * 1024];
    private readonly StringBuilder _field = new();
    private int _pos;
    private int _len;
    private bool _eof;
    private long _line = 1;

    /// <summary>Creates a parser for <paramref name="delimiter"/>-separated text.</summary>
    public DelimitedRecordParser(TextReader reader, char delimiter, int maxFieldChars, int overlap)
    {
        _reader = reader;
        _delimiter = delimiter;
        _maxFieldChars = maxFieldChars;
        _overlap = overlap;
    }

    /// <summary>1-based line where the last record read started.</summary>
    public long RecordLine { get; private set; }

    /// <summary>Set when the last record ended inside a quoted field at end of input.</summary>
    public bool Unterminated { get; private set; }

    /// <summary>Number of columns of the last record.</summary>
    public int ColumnCount { get; private set; }

    /// <summary>Reads the next non-blank record into <paramref name="fields"/>; false at end of input.</summary>
    public bool TryReadRecord(List<DelimitedField> fields)
    {
        while (true)
        {
            fields.Clear();
            Unterminated = false;
            if (Peek() < 0)
                return false;
            RecordLine = _line;
            ReadRecord(fields);
            var blank = ColumnCount == 1 && fields.Count == 1 && fields[0].Text.Length == 0;
            if (!blank)
                return true;
        }
    }

    private void ReadRecord(List<DelimitedField> fields)
    {
        var column = 0;
        while (true)
        {
            var end = ReadField(fields, column);
            if (end == FieldEnd.Delimiter)
            {
                column++;
                continue;
            }
            ColumnCount = column + 1;
            return;
        }
    }

    private enum FieldEnd { Delimiter, Record }

    private FieldEnd ReadField(List<DelimitedField> fields, int column)
    {
        _field.Clear();
        long offset = 0;
        var windowed = false;
        var quoted = Peek() == '"';
        if (quoted)
            Next();
        while (true)
        {
            var c = Next();
            if (c < 0)
            {
                Unterminated = quoted;
                break;
            }
            if (quoted)
            {
                if (c == '"')
                {
                    if (Peek() == '"')
                    {
                        Next();
                        Append('"', fields, column, ref offset, ref windowed);
                        continue;
                    }
                    quoted = false;
                    continue;
                }
                if (c == '\n')
                    _line++;
                Append((char)c, fields, column, ref offset, ref windowed);
                continue;
            }
            if (c == _delimiter)
            {
                Flush(fields, column, offset, windowed);
                return FieldEnd.Delimiter;
            }
            if (c == '\r' && Peek() == '\n')
                continue;
            if (c == '\n')
            {
                _line++;
                break;
            }
            Append((char)c, fields, column, ref offset, ref windowed);
        }
        Flush(fields, column, offset, windowed);
        return FieldEnd.Record;
    }

    private void Append(char c, List<DelimitedField> fields, int column, ref long offset, ref bool windowed)
    {
        _field.Append(c);
        if (_field.Length < _maxFieldChars)
            return;
        fields.Add(new DelimitedField(column, _field.ToString(), offset, windowed ? _overlap : 0, false));
        var keep = _field.ToString(_field.Length - _overlap, _overlap);
        offset += _field.Length - _overlap;
        _field.Clear().Append(keep);
        windowed = true;
    }

    private void Flush(List<DelimitedField> fields, int column, long offset, bool windowed) =>
        fields.Add(new DelimitedField(column, _field.ToString(), offset, windowed ? _overlap : 0, !windowed));

    private int Peek()
    {
        if (_pos == _len && !Refill())
            return -1;
        return _buffer[_pos];
    }

    private int Next()
    {
        if (_pos == _len && !Refill())
            return -1;
        return _buffer[_pos++];
    }

    private bool Refill()
    {
        if (_eof)
            return false;
        _len = _reader.Read(_buffer, 0, _buffer.Length);
        _pos = 0;
        _eof = _len == 0;
        return !_eof;
    }
}
