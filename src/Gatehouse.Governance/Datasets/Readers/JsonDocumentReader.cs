using System.Text.Json;

namespace Gatehouse.Governance.Datasets.Readers;

/// <summary>
/// A JSON file (typically a top-level array of records) streamed through <see cref="Utf8JsonReader"/> in refilled
/// buffers, never loaded whole. The row is the index of the top-level array element (1-based); the line is counted
/// from the bytes consumed. A syntax error ends the file with an input error (JSON cannot resynchronise safely).
/// </summary>
public sealed class JsonDocumentReader(ReaderLimits limits) : IDatasetReader
{
    /// <inheritdoc />
    public IEnumerable<ScanUnit> Read(Stream stream, string file, InputErrorLog errors, CancellationToken cancellationToken)
    {
        var state = new StreamState(stream, file);
        var pending = new List<ScanUnit>();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            pending.Clear();
            bool more;
            try
            {
                more = state.Advance(pending, limits);
            }
            catch (JsonException e)
            {
                errors.Add(file, state.Line + (e.LineNumber ?? 0), "malformed-json", $"invalid JSON, the rest of the file is skipped: {e.Message}");
                more = false;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                errors.Add(file, state.Line, StreamFailure.Kind(e), StreamFailure.Describe(e));
                more = false;
            }
            catch (InvalidOperationException e)
            {
                errors.Add(file, state.Line, "oversize-token", e.Message);
                more = false;
            }
            foreach (var unit in pending)
                yield return unit;
            if (!more)
                yield break;
        }
    }

    /// <summary>The buffer, reader state and position carried across refills.</summary>
    private sealed class StreamState(Stream stream, string file)
    {
        private byte[] _buffer = new byte[64 * 1024];
        private int _length;
        private bool _final;
        private JsonReaderState _readerState = new(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });
        private readonly JsonPathTracker _tracker = new();

        /// <summary>1-based line of the start of the unconsumed buffer.</summary>
        public long Line { get; private set; } = 1;

        /// <summary>Refills the buffer, reads the tokens it holds and collects string values; false at the end.</summary>
        public bool Advance(List<ScanUnit> units, ReaderLimits limits)
        {
            if (!_final)
                Fill();
            var reader = new Utf8JsonReader(_buffer.AsSpan(0, _length), _final, _readerState);
            var lastCounted = 0;
            while (reader.Read())
            {
                _tracker.Observe(ref reader);
                if (reader.TokenType != JsonTokenType.String)
                    continue;
                var start = (int)reader.TokenStartIndex;
                Line += _buffer.AsSpan(lastCounted, start - lastCounted).Count((byte)'\n');
                lastCounted = start;
                var index = _tracker.TopLevelIndex;
                var location = new UnitLocation(file, Line, index >= 0 ? index + 1 : 1, _tracker.CurrentPath());
                units.AddRange(ValueWindows.Split(reader.GetString()!, location, limits));
            }
            var consumed = (int)reader.BytesConsumed;
            Line += _buffer.AsSpan(lastCounted, consumed - lastCounted).Count((byte)'\n');
            _readerState = reader.CurrentState;
            if (_final)
                return false;
            // Keep the unconsumed tail (a token cut by the buffer end); grow when one token fills the whole buffer.
            var tail = _length - consumed;
            if (consumed == 0 && tail == _buffer.Length)
            {
                if (_buffer.Length >= limits.MaxStructuredBytes)
                    throw new InvalidOperationException($"a JSON token is longer than {limits.MaxStructuredBytes} bytes; the rest of the file is skipped");
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
}
