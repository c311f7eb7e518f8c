using Microsoft.Data.Sqlite;

namespace Gatehouse.Audit.Storage;

/// <summary>
/// Copies the write-ahead log back into <c>audit.db</c> on a connection and thread of its own, so that no appender's
/// commit pays for it. SQLite's default (auto-checkpoint inside the commit that crosses 1,000 WAL pages) made every
/// hundredth or so commit write and fsync the database file too: that commit's callers saw several times the usual
/// latency, which is exactly the gateway's p99. A PASSIVE checkpoint takes no writer lock, so commits go on while it
/// runs; durability is unchanged (a commit is durable once its WAL frames are synced, before any checkpoint).
/// </summary>
internal sealed class WalCheckpointer : IDisposable
{
    /// <summary>How often the checkpointer looks for committed frames to copy back.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _checkpoint;
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _stop = new();
    private int _dirty;

    public WalCheckpointer(string connectionString)
    {
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        _checkpoint = _connection.CreateCommand();
        _checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        _thread = new Thread(Run) { IsBackground = true, Name = "audit WAL checkpointer" };
        _thread.Start();
    }

    /// <summary>Checkpoints that completed; for tests and diagnostics.</summary>
    public int Completed { get; private set; }

    /// <summary>Tells the checkpointer that a commit added frames to the WAL.</summary>
    public void NoteCommit() => Volatile.Write(ref _dirty, 1);

    private void Run()
    {
        while (!_stop.Wait(Interval))
            CheckpointIfDirty();
        // One last pass on close, so a cleanly closed log leaves little in the WAL.
        CheckpointIfDirty();
    }

    private void CheckpointIfDirty()
    {
        if (Interlocked.Exchange(ref _dirty, 0) == 0)
            return;
        try
        {
            _checkpoint.ExecuteNonQuery();
            Completed++;
        }
        catch (SqliteException)
        {
            // Not fatal: the frames stay in the WAL (still durable, still read from there) and the next tick retries.
            Volatile.Write(ref _dirty, 1);
        }
    }

    public void Dispose()
    {
        _stop.Set();
        _thread.Join();
        _checkpoint.Dispose();
        _connection.Dispose();
        _stop.Dispose();
    }
}
