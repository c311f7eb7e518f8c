namespace Gatehouse.Governance.Datasets.Scanning;

/// <summary>Live counters of a running scan, safe to read from another thread for a progress display.</summary>
public sealed class ScanCounters
{
    private long _bytes;
    private long _rows;
    private long _findings;
    private int _filesDone;

    /// <summary>Total bytes of the files to scan (on disk).</summary>
    public long TotalBytes { get; internal set; }

    /// <summary>Number of files to scan.</summary>
    public int TotalFiles { get; internal set; }

    /// <summary>Bytes read from disk so far.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Records (lines, rows, documents) read so far.</summary>
    public long Rows => Interlocked.Read(ref _rows);

    /// <summary>Findings so far.</summary>
    public long Findings => Interlocked.Read(ref _findings);

    /// <summary>Files finished.</summary>
    public int FilesDone => Volatile.Read(ref _filesDone);

    internal void AddBytes(long n) => Interlocked.Add(ref _bytes, n);
    internal void AddRows(long n) => Interlocked.Add(ref _rows, n);
    internal void AddFindings(long n) => Interlocked.Add(ref _findings, n);
    internal void FileDone() => Interlocked.Increment(ref _filesDone);
}
