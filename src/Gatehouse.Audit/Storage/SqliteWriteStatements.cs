using Microsoft.Data.Sqlite;

namespace Gatehouse.Audit.Storage;

/// <summary>
/// A writer connection's hot statements, compiled once for the store's lifetime rather than once per batch: at a
/// few hundred requests per second most batches hold one record, so per-batch preparation was a visible share of the
/// commit path. Each batch only points them at its transaction. Also holds the connection's reusable journal frame.
/// </summary>
internal sealed class SqliteWriteStatements : IDisposable
{
    private readonly SqliteCommand[] _all;

    public SqliteWriteStatements(SqliteConnection writer)
    {
        Connection = writer;
        InsertRecord = Prepare(writer,
            "INSERT INTO records(idx, leaf, kind, time_ms, principal, tenant, model, decision) VALUES ($idx, $leaf, $kind, $time, $principal, $tenant, $model, $decision)",
            "$idx", "$leaf", "$kind", "$time", "$principal", "$tenant", "$model", "$decision");
        InsertNode = Prepare(writer, "INSERT INTO tree_nodes(level, idx, hash) VALUES ($level, $idx, $hash)", "$level", "$idx", "$hash");
        InsertPayload = Prepare(writer, "INSERT INTO payloads(idx, key_id, blob) VALUES ($idx, $key, $blob)", "$idx", "$key", "$blob");
        InsertCheckpoint = Prepare(writer, "INSERT OR REPLACE INTO checkpoints(size, note, created_ms) VALUES ($size, $note, $time)", "$size", "$note", "$time");
        TreeSize = Prepare(writer, SqliteSchema.TreeSizeQuery);
        DataVersion = Prepare(writer, "PRAGMA data_version");
        ReadJournalState = Prepare(writer, SqliteSchema.ReadJournalState);
        WriteJournalState = Prepare(writer, "UPDATE journal_state SET generation = $g, sequence = $s, byte_offset = $o WHERE id = 0", "$g", "$s", "$o");
        _all = [InsertRecord, InsertNode, InsertPayload, InsertCheckpoint, TreeSize, DataVersion, ReadJournalState, WriteJournalState];
    }

    /// <summary>The writer connection these statements belong to.</summary>
    public SqliteConnection Connection { get; }

    public SqliteCommand InsertRecord { get; }

    public SqliteCommand InsertNode { get; }

    public SqliteCommand InsertPayload { get; }

    public SqliteCommand InsertCheckpoint { get; }

    public SqliteCommand TreeSize { get; }

    public SqliteCommand ReadJournalState { get; }

    public SqliteCommand WriteJournalState { get; }

    /// <summary>
    /// SQLite's per-connection counter that changes when another connection (in this process or another) commits;
    /// the writer's own commits leave it alone.
    /// </summary>
    public SqliteCommand DataVersion { get; }

    /// <summary>The <see cref="DataVersion"/> the previous batch saw; null before the first batch.</summary>
    public long? SeenDataVersion { get; set; }

    /// <summary>The frame the current batch fills, reused batch after batch.</summary>
    public JournalFrame Frame { get; } = new();

    /// <summary>Points every statement at <paramref name="transaction"/> (null once it ends).</summary>
    public void Enlist(SqliteTransaction? transaction)
    {
        foreach (var command in _all)
            command.Transaction = transaction;
    }

    /// <summary>A new command on <paramref name="connection"/> with the named parameters, unbound.</summary>
    public static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in names)
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        return command;
    }

    public void Dispose()
    {
        foreach (var command in _all)
            command.Dispose();
    }
}
