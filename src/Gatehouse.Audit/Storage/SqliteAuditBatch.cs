using System.Security.Cryptography;
using Gatehouse.Audit.Records;
using Microsoft.Data.Sqlite;

namespace Gatehouse.Audit.Storage;

/// <summary>One write transaction on the writer connection. Disposing without <see cref="Commit"/> rolls back.</summary>
internal sealed class SqliteAuditBatch : IAuditBatch
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly SqliteWriteStatements _statements;
    private readonly Action _committed;

    /// <param name="connection">The writer connection.</param>
    /// <param name="statements">Its compiled hot statements, enlisted in this batch until it ends.</param>
    /// <param name="committed">Called after a successful commit (the WAL checkpointer's cue).</param>
    public SqliteAuditBatch(SqliteConnection connection, SqliteWriteStatements statements, Action committed)
    {
        _connection = connection;
        _statements = statements;
        _committed = committed;
        // Microsoft.Data.Sqlite begins with BEGIN IMMEDIATE: the write lock is held from here, so nothing read below can
        // move until this batch ends.
        _transaction = connection.BeginTransaction();
        statements.Enlist(_transaction);
    }

    public bool OthersCommitted()
    {
        var version = (long)_statements.DataVersion.ExecuteScalar()!;
        var changed = _statements.SeenDataVersion != version;
        _statements.SeenDataVersion = version;
        return changed;
    }

    public long TreeSize() => (long)_statements.TreeSize.ExecuteScalar()!;

    public void InsertRecord(long index, byte[] leaf, AuditRecord record)
    {
        var interaction = record as InteractionRecord;
        Run(_statements.InsertRecord, index, leaf, record is AdminRecord ? "admin" : "interaction", record.Time.ToUnixTimeMilliseconds(),
            record.Principal, record.Tenant, interaction?.ModelAlias, interaction?.Decision);
    }

    public void InsertNode(int level, long index, byte[] hash) => Run(_statements.InsertNode, level, index, hash);

    public void InsertPayload(long index, long keyId, byte[] blob) =>
        RunOnce(Prepare("INSERT INTO payloads(idx, key_id, blob) VALUES ($idx, $key, $blob)", "$idx", "$key", "$blob"), index, keyId, blob);

    public SubjectKey GetOrCreateSubjectKey(string subjectHash, string tenant, long epochDay)
    {
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
        using var count = Prepare("SELECT COUNT(*) FROM subject_keys WHERE subject = $s", "$s");
        Bind(count, subjectHash);
        var known = (int)(long)count.ExecuteScalar()!;
        using var destroy = Prepare("UPDATE subject_keys SET key = NULL, destroyed_ms = $now WHERE subject = $s AND key IS NOT NULL", "$now", "$s");
        Bind(destroy, now.ToUnixTimeMilliseconds(), subjectHash);
        return (destroy.ExecuteNonQuery(), known);
    }

    public int DestroyKeysBefore(string tenant, long firstKeptDay, DateTimeOffset now)
    {
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

    public void InsertCheckpoint(long size, string note, DateTimeOffset time) =>
        RunOnce(Prepare("INSERT OR REPLACE INTO checkpoints(size, note, created_ms) VALUES ($size, $note, $time)", "$size", "$note", "$time"), size, note, time.ToUnixTimeMilliseconds());

    public void Commit()
    {
        _transaction.Commit();
        _committed();
    }

    public void Dispose()
    {
        _statements.Enlist(null);
        _transaction.Dispose();
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

    private static void RunOnce(SqliteCommand command, params object?[] values)
    {
        using (command)
            Run(command, values);
    }

    private static void Run(SqliteCommand command, params object?[] values)
    {
        Bind(command, values);
        command.ExecuteNonQuery();
    }
}
