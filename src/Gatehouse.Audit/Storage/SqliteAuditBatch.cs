using System.Security.Cryptography;
using Gatehouse.Audit.Records;
using Microsoft.Data.Sqlite;

namespace Gatehouse.Audit.Storage;

/// <summary>One write transaction on the writer connection. Disposing without <see cref="Commit"/> rolls back.</summary>
internal sealed class SqliteAuditBatch : IAuditBatch
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly Lazy<SqliteCommand> _insertRecord;
    private readonly Lazy<SqliteCommand> _insertNode;

    public SqliteAuditBatch(SqliteConnection connection)
    {
        _connection = connection;
        _transaction = connection.BeginTransaction();
        _insertRecord = new(() => Prepare(
            "INSERT INTO records(idx, leaf, kind, time_ms, principal, tenant, model, decision) VALUES ($idx, $leaf, $kind, $time, $principal, $tenant, $model, $decision)",
            "$idx", "$leaf", "$kind", "$time", "$principal", "$tenant", "$model", "$decision"));
        _insertNode = new(() => Prepare("INSERT INTO tree_nodes(level, idx, hash) VALUES ($level, $idx, $hash)", "$level", "$idx", "$hash"));
    }

    public void InsertRecord(long index, byte[] leaf, AuditRecord record)
    {
        var interaction = record as InteractionRecord;
        Run(_insertRecord.Value, index, leaf, record is AdminRecord ? "admin" : "interaction", record.Time.ToUnixTimeMilliseconds(),
            record.Principal, record.Tenant, interaction?.ModelAlias, interaction?.Decision);
    }

    public void InsertNode(int level, long index, byte[] hash) => Run(_insertNode.Value, level, index, hash);

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

    public void Commit() => _transaction.Commit();

    public void Dispose()
    {
        if (_insertRecord.IsValueCreated)
            _insertRecord.Value.Dispose();
        if (_insertNode.IsValueCreated)
            _insertNode.Value.Dispose();
        _transaction.Dispose();
    }

    private SqliteCommand Prepare(string sql, params string[] names)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        foreach (var name in names)
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
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
