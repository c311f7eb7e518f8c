using System.Security.Cryptography;
using Gatehouse.Audit.Records;
using Microsoft.Data.Sqlite;

namespace Gatehouse.Audit.Storage;

/// <summary>
/// One write transaction on a writer connection. Disposing without <see cref="Commit"/> rolls back. A journaled batch
/// (the usual kind) is made durable by one frame in the <see cref="AuditJournal"/> and then committed to SQLite
/// without a sync; a durable batch (one that touches subject keys) commits with a full sync and restarts the journal.
/// Either way the batch first applies any frame a previous writer journaled but never committed.
/// </summary>
internal sealed class SqliteAuditBatch : IAuditBatch, IJournalRowSink
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly SqliteWriteStatements _statements;
    private readonly AuditJournal _journal;
    private readonly Action<bool?> _committed;
    private readonly Action? _afterJournalWrite;
    private JournalPosition _position;
    private bool _replayed;
    private bool _committedToDatabase;

    /// <param name="statements">The writer connection's compiled statements, enlisted in this batch until it ends.</param>
    /// <param name="journal">The commit journal.</param>
    /// <param name="durable">Commit with a full sync instead of through the journal.</param>
    /// <param name="committed">
    /// Called when the batch ends: after a successful commit with whether the journal is due for recycling, or with
    /// null when the batch ended after its journal write without its database commit (the store then stops writing).
    /// </param>
    /// <param name="afterJournalWrite">Test hook: runs between the journal write and the acknowledgement.</param>
    public SqliteAuditBatch(SqliteWriteStatements statements, AuditJournal journal, bool durable, Action<bool?> committed, Action? afterJournalWrite = null)
    {
        _connection = statements.Connection;
        _statements = statements;
        _journal = journal;
        _committed = committed;
        _afterJournalWrite = afterJournalWrite;
        Durable = durable;
        // Microsoft.Data.Sqlite begins with BEGIN IMMEDIATE: the write lock is held from here, so nothing read below can
        // move until this batch ends, and no other writer can touch the journal either.
        _transaction = _connection.BeginTransaction();
        try
        {
            statements.Enlist(_transaction);
            statements.Frame.Clear();
            _position = ReadJournalState();
            ReplayPendingFrames();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Whether this batch commits with a full sync rather than through the journal.</summary>
    public bool Durable { get; }

    /// <summary>Where this batch's frame goes (after any replayed frames).</summary>
    public JournalPosition Position => _position;

    /// <inheritdoc />
    public bool JournalWritten { get; private set; }

    public bool OthersCommitted()
    {
        var version = (long)_statements.DataVersion.ExecuteScalar()!;
        var changed = _statements.SeenDataVersion != version;
        _statements.SeenDataVersion = version;
        return changed || _replayed;
    }

    public long TreeSize() => (long)_statements.TreeSize.ExecuteScalar()!;

    public long? LatestCheckpointSize()
    {
        using var command = Prepare("SELECT MAX(size) FROM checkpoints");
        return command.ExecuteScalar() is long size ? size : null;
    }

    public byte[] GetNode(int level, long index)
    {
        using var command = Prepare("SELECT hash FROM tree_nodes WHERE level = $level AND idx = $idx", "$level", "$idx");
        Bind(command, level, index);
        return command.ExecuteScalar() as byte[] ?? throw new KeyNotFoundException($"tree node (level {level}, index {index}) is not stored");
    }

    public void InsertRecord(long index, byte[] leaf, AuditRecord record)
    {
        var interaction = record as InteractionRecord;
        var kind = record is AdminRecord ? "admin" : "interaction";
        var time = record.Time.ToUnixTimeMilliseconds();
        ((IJournalRowSink)this).InsertRecord(index, leaf, kind, time, record.Principal, record.Tenant, interaction?.ModelAlias, interaction?.Decision);
        if (!Durable)
            _statements.Frame.AddRecord(index, leaf, kind, time, record.Principal, record.Tenant, interaction?.ModelAlias, interaction?.Decision);
    }

    public void InsertNode(int level, long index, byte[] hash)
    {
        ((IJournalRowSink)this).InsertNode(level, index, hash);
        if (!Durable)
            _statements.Frame.AddNode(level, index, hash);
    }

    public void InsertPayload(long index, long keyId, byte[] blob)
    {
        ((IJournalRowSink)this).InsertPayload(index, keyId, blob);
        if (!Durable)
            _statements.Frame.AddPayload(index, keyId, blob);
    }

    public void InsertCheckpoint(long size, string note, DateTimeOffset time)
    {
        ((IJournalRowSink)this).InsertCheckpoint(size, note, time.ToUnixTimeMilliseconds());
        if (!Durable)
            _statements.Frame.AddCheckpoint(size, note, time.ToUnixTimeMilliseconds());
    }

    void IJournalRowSink.InsertRecord(long index, byte[] leaf, string kind, long timeMs, string? principal, string? tenant, string? model, string? decision) =>
        Run(_statements.InsertRecord, index, leaf, kind, timeMs, principal, tenant, model, decision);

    void IJournalRowSink.InsertNode(int level, long index, byte[] hash) => Run(_statements.InsertNode, level, index, hash);

    void IJournalRowSink.InsertPayload(long index, long keyId, byte[] blob) => Run(_statements.InsertPayload, index, keyId, blob);

    void IJournalRowSink.InsertCheckpoint(long size, string note, long timeMs) => Run(_statements.InsertCheckpoint, size, note, timeMs);

    public SubjectKey GetOrCreateSubjectKey(string subjectHash, string tenant, long epochDay)
    {
        RequireDurable();
        using (var find = Prepare("SELECT id, key FROM subject_keys WHERE subject = $s AND tenant = $t AND day = $d AND key IS NOT NULL ORDER BY id DESC LIMIT 1", "$s", "$t", "$d"))
        {
            Bind(find, subjectHash, tenant, epochDay);
            using var reader = find.ExecuteReader();
            if (reader.Read())
                return new SubjectKey(reader.GetInt64(0), (byte[])reader[1]);
        }
        // A destroyed key is never revived: data written after an erasure or expiry gets a fresh key row.
        var key = RandomNumberGenerator.GetBytes(32);
        using var insert = Prepare("INSERT INTO subject_keys(subject, tenant, day, key) VALUES ($s, $t, $d, $k) RETURNING id", "$s", "$t", "$d", "$k");
        Bind(insert, subjectHash, tenant, epochDay, key);
        return new SubjectKey((long)insert.ExecuteScalar()!, key);
    }

    public (int Destroyed, int Known) EraseSubject(string subjectHash, DateTimeOffset now)
    {
        RequireDurable();
        using var count = Prepare("SELECT COUNT(*) FROM subject_keys WHERE subject = $s", "$s");
        Bind(count, subjectHash);
        var known = (int)(long)count.ExecuteScalar()!;
        using var destroy = Prepare("UPDATE subject_keys SET key = NULL, destroyed_ms = $now WHERE subject = $s AND key IS NOT NULL", "$now", "$s");
        Bind(destroy, now.ToUnixTimeMilliseconds(), subjectHash);
        return (destroy.ExecuteNonQuery(), known);
    }

    public int DestroyKeysBefore(string tenant, long firstKeptDay, DateTimeOffset now)
    {
        RequireDurable();
        using var destroy = Prepare("UPDATE subject_keys SET key = NULL, destroyed_ms = $now WHERE tenant = $t AND day < $d AND key IS NOT NULL", "$now", "$t", "$d");
        Bind(destroy, now.ToUnixTimeMilliseconds(), tenant, firstKeptDay);
        return destroy.ExecuteNonQuery();
    }

    public IReadOnlyList<string> TenantsWithLiveKeys()
    {
        using var command = Prepare("SELECT DISTINCT tenant FROM subject_keys WHERE key IS NOT NULL");
        using var reader = command.ExecuteReader();
        var tenants = new List<string>();
        while (reader.Read())
            tenants.Add(reader.GetString(0));
        return tenants;
    }

    public void Commit(Action? durable = null)
    {
        var recycle = false;
        if (Durable)
        {
            // This commit syncs the WAL, making every earlier commit durable in the database too: the journal's frames
            // are no longer needed, so the next frame starts a new generation at offset 0.
            WriteJournalState(new JournalPosition(_position.Generation + 1, _position.Sequence, 0));
            _transaction.Commit();
            durable?.Invoke();
        }
        else if (_statements.Frame.IsEmpty)
        {
            _transaction.Commit();
            durable?.Invoke();
        }
        else
        {
            var frame = _statements.Frame.Payload;
            var next = _position.Next(frame.Length);
            WriteJournalState(next);
            JournalWritten = true;
            _journal.WriteDurably(_position, frame);
            _afterJournalWrite?.Invoke();
            // Durable from here: acknowledge before the database commit, which then costs no sync.
            durable?.Invoke();
            _transaction.Commit();
            recycle = next.Offset > _journal.RecycleBytes;
        }
        _committedToDatabase = true;
        _committed(recycle);
    }

    public void Dispose()
    {
        _statements.Enlist(null);
        _transaction.Dispose();
        if (JournalWritten && !_committedToDatabase)
            _committed(null);
    }

    private JournalPosition ReadJournalState()
    {
        using var reader = _statements.ReadJournalState.ExecuteReader();
        if (!reader.Read())
            throw new AuditStoreException("the journal_state row is missing from the audit database");
        return new JournalPosition(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    private void WriteJournalState(JournalPosition position) =>
        Run(_statements.WriteJournalState, position.Generation, position.Sequence, position.Offset);

    /// <summary>
    /// Applies every frame that was journaled (and so acknowledged) but whose database commit never happened: its
    /// writer stopped in between. Such a frame sits exactly where the state row says the next one goes.
    /// </summary>
    private void ReplayPendingFrames()
    {
        while (_journal.TryRead(_position) is { } payload)
        {
            try
            {
                JournalFrame.Replay(payload, this);
            }
            catch (SqliteException e)
            {
                throw new AuditStoreException($"{_journal.Path}: frame {_position.Sequence} at offset {_position.Offset} cannot be applied to the database ({e.Message}); run `gatehouse audit verify`", e);
            }
            _position = _position.Next(payload.Length);
            _replayed = true;
        }
        if (_replayed)
            WriteJournalState(_position);
    }

    private void RequireDurable()
    {
        if (!Durable)
            throw new InvalidOperationException("subject keys change only in durable batches: key material must never reach the journal");
    }

    private SqliteCommand Prepare(string sql, params string[] names)
    {
        var command = SqliteWriteStatements.Prepare(_connection, sql, names);
        command.Transaction = _transaction;
        return command;
    }

    private static void Bind(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
    }

    private static void Run(SqliteCommand command, params object?[] values)
    {
        Bind(command, values);
        command.ExecuteNonQuery();
    }
}
