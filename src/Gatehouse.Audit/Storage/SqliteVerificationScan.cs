using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Gatehouse.Audit.Storage;

/// <summary>
/// <see cref="IVerificationScan"/> over SQLite. It steps prepared statements through the raw SQLite API on the
/// store's snapshot connection: Microsoft.Data.Sqlite's reader allocates a byte array per blob (and its
/// <c>GetBytes</c> re-reads column metadata per call), which at a million records cost more than the reading itself.
/// One statement per tree level stays open for the pass, so each level is read once, in index order, as the rebuilt
/// tree reaches it.
/// </summary>
internal sealed class SqliteVerificationScan : IVerificationScan
{
    private readonly string _path;
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _records;
    private readonly sqlite3_stmt[] _levels;
    private readonly bool[] _pending;
    private readonly bool[] _finished;
    private readonly IDisposable? _ownedConnection;
    private bool _recordsFinished;

    /// <summary>Prepares the pass on <paramref name="connection"/> (inside its read transaction, if it has one).</summary>
    public SqliteVerificationScan(SqliteConnection connection, string path, bool ownsConnection)
    {
        _path = path;
        _db = connection.Handle ?? throw new AuditStoreException($"{path}: the connection is not open");
        // Levels above 63 cannot exist in a tree of at most 2^63 leaves; MaxLevel caps the scan there.
        MaxLevel = (int)Math.Clamp(ScalarInt64("SELECT COALESCE(MAX(level), -1) FROM tree_nodes"), -1, 63);
        StoredTreeSize = ScalarInt64(SqliteSchema.TreeSizeQuery);
        _levels = new sqlite3_stmt[MaxLevel + 1];
        _pending = new bool[MaxLevel + 1];
        _finished = new bool[MaxLevel + 1];
        _records = Prepare("SELECT idx, leaf FROM records ORDER BY idx");
        try
        {
            for (var level = 0; level <= MaxLevel; level++)
            {
                _levels[level] = Prepare("SELECT idx, hash FROM tree_nodes WHERE level = ?1 ORDER BY idx");
                Check(raw.sqlite3_bind_int64(_levels[level], 1, level));
            }
        }
        catch
        {
            Dispose();
            throw;
        }
        _ownedConnection = ownsConnection ? connection : null;
    }

    /// <inheritdoc />
    public int MaxLevel { get; }

    /// <inheritdoc />
    public long StoredTreeSize { get; }

    /// <inheritdoc />
    public int ReadRecords(IRecordSink sink, int max)
    {
        var read = 0;
        while (read < max && !_recordsFinished)
        {
            if (!Step(_records))
            {
                _recordsFinished = true;
                break;
            }
            var leaf = raw.sqlite3_column_blob(_records, 1);
            leaf.CopyTo(sink.AddLeaf(raw.sqlite3_column_int64(_records, 0), leaf.Length));
            read++;
        }
        return read;
    }

    /// <inheritdoc />
    public void ReadNodes(int level, long below, INodeSink sink)
    {
        if (level > MaxLevel)
            return;
        var statement = _levels[level];
        while (!_finished[level])
        {
            if (!_pending[level])
            {
                if (!Step(statement))
                {
                    _finished[level] = true;
                    return;
                }
                _pending[level] = true;
            }
            var index = raw.sqlite3_column_int64(statement, 0);
            if (index >= below)
                return; // stays pending: it belongs to a later batch
            sink.AddNode(index, raw.sqlite3_column_blob(statement, 1));
            _pending[level] = false;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _records?.Dispose();
        foreach (var statement in _levels ?? [])
            statement?.Dispose();
        _ownedConnection?.Dispose();
    }

    private bool Step(sqlite3_stmt statement)
    {
        var result = raw.sqlite3_step(statement);
        if (result == raw.SQLITE_ROW)
            return true;
        if (result == raw.SQLITE_DONE)
            return false;
        throw Failure(result);
    }

    private long ScalarInt64(string sql)
    {
        using var statement = Prepare(sql);
        return Step(statement) ? raw.sqlite3_column_int64(statement, 0) : 0;
    }

    private sqlite3_stmt Prepare(string sql)
    {
        Check(raw.sqlite3_prepare_v2(_db, sql, out var statement));
        return statement;
    }

    private void Check(int result)
    {
        if (result != raw.SQLITE_OK)
            throw Failure(result);
    }

    private AuditStoreException Failure(int result) =>
        new($"{_path}: cannot be read ({raw.sqlite3_errstr(result).utf8_to_string()}: {raw.sqlite3_errmsg(_db).utf8_to_string()})");
}
