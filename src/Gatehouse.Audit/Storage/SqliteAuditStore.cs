using System.Globalization;
using Gatehouse.Audit.Records;
using Microsoft.Data.Sqlite;

namespace Gatehouse.Audit.Storage;

/// <summary>
/// The embedded store: one <c>audit.db</c> in WAL mode. The writer keeps one connection with <c>synchronous=FULL</c>,
/// so every commit is fsynced before it returns; readers open their own pooled connections and never block it. A
/// writable store copies the WAL back into the database on a thread of its own (<see cref="WalCheckpointer"/>), never
/// inside a commit.
/// </summary>
internal sealed class SqliteAuditStore : IAuditStore
{
    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private SqliteWriteStatements? _statements;
    private WalCheckpointer? _checkpointer;
    private SqliteConnection? _snapshot;

    private SqliteAuditStore(string path, bool readOnly)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Pooling = true,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
        }.ToString();
        _writer = new SqliteConnection(_connectionString);
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Opens (creating if needed, unless read-only) the store at <paramref name="path"/>.</summary>
    /// <exception cref="AuditStoreException">The file is not a usable audit database.</exception>
    public static SqliteAuditStore Open(string path, bool readOnly = false)
    {
        var store = new SqliteAuditStore(path, readOnly);
        try
        {
            store._writer.Open();
            if (!readOnly)
            {
                store.Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
                store.Execute(SqliteSchema.Create);
                store.Execute($"INSERT OR IGNORE INTO meta(name, value) VALUES ('schema', '{SqliteSchema.Version}')");
            }
            var version = store.Scalar("SELECT value FROM meta WHERE name = 'schema'");
            if (version != SqliteSchema.Version.ToString(CultureInfo.InvariantCulture))
                throw new AuditStoreException($"{path}: audit schema version {version} is not supported (expected {SqliteSchema.Version})");
            if (!readOnly)
            {
                store.Execute("PRAGMA wal_autocheckpoint=0");
                store._statements = new SqliteWriteStatements(store._writer);
                store._checkpointer = new WalCheckpointer(store._connectionString);
            }
            return store;
        }
        catch (SqliteException e)
        {
            store.Dispose();
            throw new AuditStoreException($"{path}: not a usable audit database ({e.Message})", e);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public long TreeSize() => Read(SqliteSchema.TreeSizeQuery, r => r.GetInt64(0)).Single();

    /// <inheritdoc />
    public IAuditStore OpenSnapshot()
    {
        var snapshot = new SqliteAuditStore(Path, readOnly: true);
        var connection = OpenReader();
        try
        {
            using var begin = connection.CreateCommand();
            // A read transaction pins one WAL snapshot for every later read on this connection.
            begin.CommandText = "BEGIN; SELECT COUNT(*) FROM checkpoints;";
            begin.ExecuteNonQuery();
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        snapshot._snapshot = connection;
        return snapshot;
    }

    /// <inheritdoc />
    public IAuditBatch BeginBatch() =>
        new SqliteAuditBatch(_writer, _statements ?? throw new InvalidOperationException($"{Path} is open read-only"), NoteCommit);

    /// <summary>Checkpoints completed in the background so far (diagnostics and tests).</summary>
    public int BackgroundCheckpoints => _checkpointer?.Completed ?? 0;

    private void NoteCommit() => _checkpointer?.NoteCommit();

    /// <inheritdoc />
    public IMerkleNodeReader OpenNodeReader() => new SqliteNodeReader(OpenReader());

    /// <inheritdoc />
    public IEnumerable<StoredCheckpoint> Checkpoints() =>
        Read("SELECT size, note FROM checkpoints ORDER BY size", r => new StoredCheckpoint(r.GetInt64(0), r.GetString(1)));

    /// <inheritdoc />
    public StoredCheckpoint? LatestCheckpoint() =>
        Read("SELECT size, note FROM checkpoints ORDER BY size DESC LIMIT 1", r => new StoredCheckpoint(r.GetInt64(0), r.GetString(1))).FirstOrDefault();

    /// <inheritdoc />
    public IVerificationScan OpenVerificationScan()
    {
        // On a snapshot the scan shares its read transaction; otherwise it gets a connection of its own.
        var connection = _snapshot ?? OpenReader();
        try
        {
            return new SqliteVerificationScan(connection, Path, ownsConnection: _snapshot is null);
        }
        catch
        {
            if (_snapshot is null)
                connection.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public byte[]? ReadLeaf(long index) =>
        Read("SELECT leaf FROM records WHERE idx = $idx", r => (byte[])r[0], ("$idx", index)).FirstOrDefault();

    /// <inheritdoc />
    public IEnumerable<StoredRecord> Query(Query.AuditQuery query) => SqliteQueryBuilder.Run(this, query);

    /// <inheritdoc />
    public byte[]? ReadPayload(long index) =>
        Read("SELECT blob FROM payloads WHERE idx = $idx", r => (byte[])r[0], ("$idx", index)).FirstOrDefault();

    /// <inheritdoc />
    public IEnumerable<(long Index, byte[] Blob)> Payloads() =>
        Read("SELECT idx, blob FROM payloads ORDER BY idx", r => (r.GetInt64(0), (byte[])r[1]));

    /// <inheritdoc />
    public SubjectKey ReadSubjectKey(long keyId) =>
        Read("SELECT id, key FROM subject_keys WHERE id = $id", r => new SubjectKey(r.GetInt64(0), r.IsDBNull(1) ? null : (byte[])r[1]), ("$id", keyId)).FirstOrDefault()
        ?? throw new AuditStoreException($"subject key {keyId} does not exist in {Path}");

    /// <summary>Runs a read on its own connection, streaming rows.</summary>
    internal IEnumerable<T> Read<T>(string sql, Func<SqliteDataReader, T> map, params (string Name, object Value)[] parameters)
    {
        using var owned = _snapshot is null ? OpenReader() : null;
        var connection = owned ?? _snapshot!;
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        using var reader = command.ExecuteReader();
        while (reader.Read())
            yield return map(reader);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_snapshot is not null)
        {
            // End the read transaction before the connection goes back to the pool, or the next user inherits it.
            using (var end = _snapshot.CreateCommand())
            {
                end.CommandText = "ROLLBACK";
                end.ExecuteNonQuery();
            }
            _snapshot.Dispose();
        }
        // Stop the checkpointer first (its last pass copies back what the final batches wrote), then the writer.
        _checkpointer?.Dispose();
        _statements?.Dispose();
        _writer.Dispose();
    }

    private SqliteConnection OpenReader()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new AuditStoreException($"{Path}: cannot be read ({e.Message})", e);
        }
    }

    private void Execute(string sql)
    {
        using var command = _writer.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private string? Scalar(string sql)
    {
        using var command = _writer.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar()?.ToString();
    }

    /// <summary>Serves proofs through one connection and compiled statements (nodes, leaf, latest checkpoint).</summary>
    private sealed class SqliteNodeReader : IMerkleNodeReader
    {
        private const int MaxNodesPerRead = 128;

        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _node;
        private readonly SqliteParameter _level;
        private readonly SqliteParameter _index;
        private readonly SqliteCommand _leaf;
        private readonly SqliteParameter _leafIndex;
        private readonly SqliteCommand _latest;
        private readonly Dictionary<int, SqliteCommand> _manyNodes = [];

        public SqliteNodeReader(SqliteConnection connection)
        {
            _connection = connection;
            _node = Command("SELECT hash FROM tree_nodes WHERE level = $level AND idx = $idx");
            _level = _node.Parameters.Add("$level", SqliteType.Integer);
            _index = _node.Parameters.Add("$idx", SqliteType.Integer);
            _leaf = Command("SELECT leaf FROM records WHERE idx = $idx");
            _leafIndex = _leaf.Parameters.Add("$idx", SqliteType.Integer);
            _latest = Command("SELECT size, note FROM checkpoints ORDER BY size DESC LIMIT 1");
        }

        public byte[] GetNode(int level, long index)
        {
            _level.Value = level;
            _index.Value = index;
            return _node.ExecuteScalar() as byte[] ?? throw new KeyNotFoundException($"tree node (level {level}, index {index}) is not stored");
        }

        public IReadOnlyDictionary<(int Level, long Index), byte[]> GetNodes(IReadOnlyCollection<(int Level, long Index)> nodes)
        {
            var found = new Dictionary<(int, long), byte[]>(nodes.Count);
            foreach (var part in nodes.Chunk(MaxNodesPerRead))
            {
                var command = ManyNodes(part.Length);
                for (var i = 0; i < part.Length; i++)
                {
                    command.Parameters[2 * i].Value = part[i].Level;
                    command.Parameters[(2 * i) + 1].Value = part[i].Index;
                }
                using var reader = command.ExecuteReader();
                while (reader.Read())
                    found[((int)reader.GetInt64(0), reader.GetInt64(1))] = (byte[])reader[2];
            }
            return found;
        }

        public byte[]? ReadLeaf(long index)
        {
            _leafIndex.Value = index;
            return _leaf.ExecuteScalar() as byte[];
        }

        public StoredCheckpoint? LatestCheckpoint()
        {
            using var reader = _latest.ExecuteReader();
            return reader.Read() ? new StoredCheckpoint(reader.GetInt64(0), reader.GetString(1)) : null;
        }

        public void Dispose()
        {
            foreach (var command in _manyNodes.Values)
                command.Dispose();
            _node.Dispose();
            _leaf.Dispose();
            _latest.Dispose();
            _connection.Dispose();
        }

        /// <summary>One compiled statement per key count (a proof needs at most about 2·log2 n nodes).</summary>
        private SqliteCommand ManyNodes(int count)
        {
            if (_manyNodes.TryGetValue(count, out var command))
                return command;
            var keys = string.Join(", ", Enumerable.Range(0, count).Select(i => $"($l{i}, $i{i})"));
            command = Command($"SELECT level, idx, hash FROM tree_nodes WHERE (level, idx) IN (VALUES {keys})");
            for (var i = 0; i < count; i++)
            {
                command.Parameters.Add($"$l{i}", SqliteType.Integer);
                command.Parameters.Add($"$i{i}", SqliteType.Integer);
            }
            _manyNodes[count] = command;
            return command;
        }

        private SqliteCommand Command(string sql)
        {
            var command = _connection.CreateCommand();
            command.CommandText = sql;
            // A command compiles its statement on first execution and keeps it while its text is unchanged.
            return command;
        }
    }
}
