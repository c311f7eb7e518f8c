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
        var state = new Utf8JsonStreamWalker(stream, limits.MaxStructuredBytes);
        var pending = new List<ScanUnit>();
        var collector = new UnitCollector(file, pending, limits);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            pending.Clear();
            bool more;
            try
            {
                more = state.Advance(collector);
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

    /// <summary>Collects every string value with its path, row (top-level element) and line.</summary>
    private sealed class UnitCollector(string file, List<ScanUnit> units, ReaderLimits limits) : IJsonTokenVisitor
    {
        private readonly JsonPathTracker _tracker = new();

        public void Visit(ref Utf8JsonReader reader, long line)
        {
            _tracker.Observe(ref reader);
            if (reader.TokenType != JsonTokenType.String)
                return;
            var index = _tracker.TopLevelIndex;
            var location = new UnitLocation(file, line, index >= 0 ? index + 1 : 1, _tracker.CurrentPath());
            units.AddRange(ValueWindows.Split(reader.GetString()!, location, limits));
        }
    }
}
