using System.Text.Json;

namespace Gatehouse.Governance.Datasets.Readers;

/// <summary>Receives the tokens of a streamed JSON document in order.</summary>
public interface IJsonTokenVisitor
{
    /// <summary>Called once per token; <paramref name="line"/> is the 1-based line the token starts on.</summary>
    void Visit(ref Utf8JsonReader reader, long line);
}

/// <summary>
/// Streams a JSON document of any size through <see cref="Utf8JsonReader"/>: the buffer is refilled from the stream
/// and grows only while a single token does not fit, up to a cap. Used to scan and to redact JSON files.
/// </summary>
public sealed class Utf8JsonStreamWalker(Stream stream, int maxTokenBytes)
{
    private byte[] _buffer = new byte[64 * 1024];
    private int _length;
    private bool _final;
    private JsonReaderState _readerState = new(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });

    /// <summary>1-based line at the start of the unconsumed buffer.</summary>
    public long Line { get; private set; } = 1;

    /// <summary>Refills the buffer and visits the complete tokens it holds; false once the document is done.</summary>
    /// <exception cref="JsonException">Invalid JSON.</exception>
    /// <exception cref="InvalidOperationException">A token longer than the cap.</exception>
    public bool Advance(IJsonTokenVisitor visitor)
    {
        if (!_final)
            Fill();
        var reader = new Utf8JsonReader(_buffer.AsSpan(0, _length), _final, _readerState);
        var lastCounted = 0;
        while (reader.Read())
        {
            var start = (int)reader.TokenStartIndex;
            Line += _buffer.AsSpan(lastCounted, start - lastCounted).Count((byte)'\n');
            lastCounted = start;
            visitor.Visit(ref reader, Line);
        }
        var consumed = (int)reader.BytesConsumed;
        Line += _buffer.AsSpan(lastCounted, Math.Max(0, consumed - lastCounted)).Count((byte)'\n');
        _readerState = reader.CurrentState;
        if (_final)
            return false;
        // Keep the unconsumed tail (a token cut by the buffer end); grow when one token fills the whole buffer.
        var tail = _length - consumed;
        if (consumed == 0 && tail == _buffer.Length)
        {
            if (_buffer.Length >= maxTokenBytes)
                throw new InvalidOperationException($"a JSON token is longer than {maxTokenBytes} bytes; the rest of the file is skipped");
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        else
        {
            Buffer.BlockCopy(_buffer, consumed, _buffer, 0, tail);
        }
        _length = tail;
        return true;
    }

    private void Fill()
    {
        while (_length < _buffer.Length)
        {
            var read = stream.Read(_buffer, _length, _buffer.Length - _length);
            if (read == 0)
            {
                _final = true;
                return;
            }
            _length += read;
        }
    }
}
