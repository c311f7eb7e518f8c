using System.Collections.Concurrent;
using Gatehouse.Detection;
using Gatehouse.Governance.Datasets.Readers;

namespace Gatehouse.Governance.Datasets.Scanning;

/// <summary>
/// Scans dataset files with any <see cref="ITextScanner"/>. Files are read in parallel (one producer per file, up to
/// <see cref="DatasetScanOptions.Workers"/> at once); producers cut units into batches and hand them over a bounded
/// queue to <see cref="DatasetScanOptions.Workers"/> scanning consumers. So one big file keeps every core busy, many
/// small files do too, and memory stays bounded by the queue capacity times the batch size.
/// </summary>
/// <remarks>
/// The hand-over is a <see cref="BlockingCollection{T}"/>, not an async channel: every party is a dedicated thread that
/// blocks anyway, and an async channel waited on synchronously completes each wait through the thread pool, whose
/// workers then spin for more work. On two cores those spinning workers took the CPU the second scanner needed, so two
/// workers were no faster than one (issue #6).
/// </remarks>
public sealed class DatasetScanner(ITextScanner scanner, DatasetScanOptions options)
{
    private const int BatchUnits = 256;
    private const int BatchChars = 1 << 20;

    private sealed class FileState(DatasetFile file)
    {
        public DatasetFile File { get; } = file;
        public string Format { get; set; } = "skipped";
        public long Rows;
        public ConcurrentDictionary<string, long> ByType { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>Work for a scanner: units read already, or raw JSONL lines it parses itself.</summary>
    private sealed record Batch(FileState File, List<ScanUnit>? Units, JsonlLineBatch? Lines);

    /// <summary>Groups a producer's units into batches and counts its records.</summary>
    private sealed class UnitBatcher(FileState state, BlockingCollection<Batch> writer, ScanCounters counters, CancellationToken cancellationToken)
    {
        private List<ScanUnit> _batch = new(BatchUnits);
        private int _chars;

        /// <summary>The highest record number seen.</summary>
        public long LastRow { get; private set; }

        /// <summary>Records up to <paramref name="row"/> were read.</summary>
        public void CountRows(long row)
        {
            if (row > LastRow)
            {
                counters.AddRows(row - LastRow);
                LastRow = row;
            }
        }

        public void Add(ScanUnit unit)
        {
            CountRows(unit.Location.Row);
            _batch.Add(unit);
            _chars += unit.Text.Length;
            if (_batch.Count >= BatchUnits || _chars >= BatchChars)
                Flush();
        }

        public void Flush()
        {
            if (_batch.Count == 0)
                return;
            Write(writer, new Batch(state, _batch, null), cancellationToken);
            _batch = new List<ScanUnit>(BatchUnits);
            _chars = 0;
        }
    }

    /// <summary>Scans <paramref name="files"/>; input problems go to <paramref name="errors"/>, live counts to <paramref name="counters"/>.</summary>
    public async Task<DatasetScanResult> ScanAsync(IReadOnlyList<DatasetFile> files, InputErrorLog errors, ScanCounters? counters = null, CancellationToken cancellationToken = default)
    {
        counters ??= new ScanCounters();
        counters.TotalFiles = files.Count;
        counters.TotalBytes = files.Sum(f => f.Length);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var workers = Math.Max(1, options.Workers);
        using var queue = new BlockingCollection<Batch>(new ConcurrentQueue<Batch>(), workers * 4);
        var states = files.Select(f => new FileState(f)).ToArray();
        var recorded = new RecordedFindings(options.MaxRecordedFindings);
        var pendingFiles = new ConcurrentQueue<FileState>(states);

        // Readers and scanners block (parsing, regexes): they get dedicated threads, not thread-pool ones.
        var consumers = Enumerable.Range(0, workers).Select(_ => LongRunning(() => Consume(queue, recorded, counters, errors, cancellationToken))).ToArray();
        var producers = Enumerable.Range(0, Math.Min(workers, Math.Max(1, states.Length))).Select(_ => LongRunning(() =>
        {
            while (pendingFiles.TryDequeue(out var state))
            {
                try
                {
                    Produce(state, queue, errors, counters, cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A reader failing in a way it did not foresee loses that file, never the whole scan.
                    errors.Add(state.File.DisplayPath, 0, "read-error", $"reading stopped: {e.GetType().Name}: {e.Message}");
                }
            }
        })).ToArray();
        try
        {
            await Task.WhenAll(producers).ConfigureAwait(false);
        }
        finally
        {
            queue.CompleteAdding();
        }
        await Task.WhenAll(consumers).ConfigureAwait(false);

        var summaries = states.Select(s => new FileScanSummary(s.File.DisplayPath, s.Format, s.File.Length, s.Rows, s.ByType.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary())).ToArray();
        var byType = summaries.SelectMany(s => s.FindingsByType).GroupBy(p => p.Key, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(p => p.Value), StringComparer.Ordinal);
        var findings = recorded.Items.OrderBy(f => f.File, StringComparer.Ordinal).ThenBy(f => f.Row).ThenBy(f => f.Line).ThenBy(f => f.Field, StringComparer.Ordinal).ThenBy(f => f.Offset).ToArray();
        return new DatasetScanResult(summaries, findings, byType, errors.Snapshot(), started.Elapsed);
    }

    private void Produce(FileState state, BlockingCollection<Batch> writer, InputErrorLog errors, ScanCounters counters, CancellationToken cancellationToken)
    {
        long counted = 0;
        var opened = DatasetFileOpener.Open(state.File, options.Limits, errors, n =>
        {
            counted += n;
            counters.AddBytes(n);
        });
        if (opened is not null)
        {
            using (opened)
            {
                state.Format = (opened.Format.ToString().ToLowerInvariant()) + (opened.Gzipped ? "+gzip" : "");
                var units = new UnitBatcher(state, writer, counters, cancellationToken);
                if (opened.Reader is JsonlReader jsonl)
                {
                    // JSONL: this thread only cuts lines; the scanning threads parse them (see JsonlLineSplitter).
                    foreach (var chunk in new JsonlLineSplitter(jsonl).Split(opened.Stream, state.File.DisplayPath, errors, cancellationToken))
                    {
                        if (chunk.Lines is { } lines)
                        {
                            units.CountRows(lines.Lines[^1].Row);
                            WriteOrRelease(writer, new Batch(state, null, lines), cancellationToken);
                        }
                        else
                        {
                            units.Add(chunk.Unit);
                        }
                    }
                }
                else
                {
                    foreach (var unit in opened.Reader.Read(opened.Stream, state.File.DisplayPath, errors, cancellationToken))
                        units.Add(unit);
                }
                units.Flush();
                Interlocked.Exchange(ref state.Rows, units.LastRow);
            }
        }
        // Bytes not seen through the counting stream (a reopened Parquet file, a skipped file) still count as done.
        counters.AddBytes(Math.Max(0, state.File.Length - counted));
        counters.FileDone();
    }

    private static Task LongRunning(Action action) =>
        Task.Factory.StartNew(action, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    // Waits for room in the bounded queue: this back-pressure is what bounds memory when scanning is the bottleneck.
    private static void Write(BlockingCollection<Batch> writer, Batch batch, CancellationToken cancellationToken) =>
        writer.Add(batch, cancellationToken);

    // A line batch that never reaches a scanner (cancelled) still returns its pooled buffer.
    private static void WriteOrRelease(BlockingCollection<Batch> writer, Batch batch, CancellationToken cancellationToken)
    {
        try
        {
            Write(writer, batch, cancellationToken);
        }
        catch
        {
            batch.Lines?.Dispose();
            throw;
        }
    }

    /// <summary>Findings kept in detail, up to a cap, from several threads.</summary>
    private sealed class RecordedFindings(int max)
    {
        private readonly ConcurrentBag<DatasetFinding> _items = [];
        private int _count;

        public IEnumerable<DatasetFinding> Items => _items;

        /// <summary>Claims a place for one more finding; false once the cap is reached (the caller then builds nothing).</summary>
        public bool TryReserve() => Interlocked.Increment(ref _count) <= max;

        public void Add(DatasetFinding finding) => _items.Add(finding);
    }

    private void Consume(BlockingCollection<Batch> reader, RecordedFindings recorded, ScanCounters counters, InputErrorLog errors, CancellationToken cancellationToken)
    {
        // Scratch space for parsing JSONL lines on this thread, reused across batches.
        var tracker = new JsonPathTracker();
        var values = new List<(string Path, string Value)>();
        var parsed = new List<ScanUnit>();
        foreach (var batch in reader.GetConsumingEnumerable(cancellationToken))
        {
            if (batch.Lines is { } lines)
            {
                using (lines)
                {
                    var file = batch.File.File.DisplayPath;
                    foreach (var line in lines.Lines)
                    {
                        try
                        {
                            parsed.Clear();
                            lines.Parser.CollectUnits(lines.Bytes(line), file, line.LineNumber, line.Row, tracker, values, parsed, errors);
                            foreach (var unit in parsed)
                                ScanUnit(batch.File, unit, recorded, counters, errors);
                        }
                        catch (Exception e) when (e is not OperationCanceledException)
                        {
                            // Parsing now runs here, outside the reader's per-file guard: a failure nobody foresaw
                            // loses that line, never this scanner thread (with it gone the readers would wait forever).
                            errors.Add(file, line.LineNumber, "read-error", $"line not scanned: {e.GetType().Name}: {e.Message}");
                        }
                    }
                }
                continue;
            }
            try
            {
                foreach (var unit in batch.Units!)
                    ScanUnit(batch.File, unit, recorded, counters, errors);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                errors.Add(batch.File.File.DisplayPath, 0, "read-error", $"batch not fully scanned: {e.GetType().Name}: {e.Message}");
            }
        }
    }

    private void ScanUnit(FileState file, ScanUnit unit, RecordedFindings recorded, ScanCounters counters, InputErrorLog errors)
    {
        IReadOnlyList<Finding> findings;
        try
        {
            findings = scanner.Scan(unit.Text);
        }
        catch (DetectionException e)
        {
            // A value the detectors could not judge (time budget, detector failure) is not "clean": it is
            // reported with its location and counted, and the exit code says so.
            errors.Add(unit.Location.File, unit.Location.Line, "detection-failed", e.Message);
            return;
        }
        foreach (var finding in findings)
        {
            if (finding.End <= unit.DuplicateEnd)
                continue;
            file.ByType.AddOrUpdate(finding.EntityType, 1, (_, n) => n + 1);
            counters.AddFindings(1);
            // No lambda here: capturing the unit would allocate a closure for every unit scanned.
            if (recorded.TryReserve())
                recorded.Add(ToFinding(unit, finding));
        }
    }

    private DatasetFinding ToFinding(ScanUnit unit, Finding finding)
    {
        var value = unit.Text.Substring(finding.Start, finding.Length);
        var location = unit.Location;
        return new DatasetFinding(location.File, location.Line, location.Row, location.Field, unit.Offset + finding.Start, finding.Length,
            finding.EntityType, finding.Score, finding.DetectorId, options.ShowValues ? value : ValueMasker.Mask(value));
    }
}
