using Microsoft.Data.Sqlite;

namespace Gatehouse.Audit.Storage;

/// <summary>
/// The writer connection's hot statements, compiled once for the store's lifetime rather than once per batch: at a
/// few hundred requests per second most batches hold one record, so per-batch preparation was a visible share of the
/// commit path. Each batch only points them at its transaction.
/// </summary>
internal sealed class SqliteWriteStatements : IDisposable
{
    public SqliteWriteStatements(SqliteConnection writer)
    {
        InsertRecord = Prepare(writer,
            "INSERT INTO records(idx, leaf, kind, time_ms, principal, tenant, model, decision) VALUES ($idx, $leaf, $kind, $time, $principal, $tenant, $model, $decision)",
            "$idx", "$leaf", "$kind", "$time", "$principal", "$tenant", "$model", "$decision");
        InsertNode = Prepare(writer, "INSERT INTO tree_nodes(level, idx, hash) VALUES ($level, $idx, $hash)", "$level", "$idx", "$hash");
        TreeSize = Prepare(writer, SqliteSchema.TreeSizeQuery);
        DataVersion = Prepare(writer, "PRAGMA data_version");
    }

    public SqliteCommand InsertRecord { get; }

    public SqliteCommand InsertNode { get; }

    public SqliteCommand TreeSize { get; }

    /// <summary>
    /// SQLite's per-connection counter that changes when another connection (in this process or another) commits;
    /// the writer's own commits leave it alone.
    /// </summary>
    public SqliteCommand DataVersion { get; }

    /// <summary>The <see cref="DataVersion"/> the previous batch saw; null before the first batch.</summary>
    public long? SeenDataVersion { get; set; }

    /// <summary>Points every statement at <paramref name="transaction"/> (null once it ends).</summary>
    public void Enlist(SqliteTransaction? transaction)
    {
        InsertRecord.Transaction = transaction;
        InsertNode.Transaction = transaction;
        TreeSize.Transaction = transaction;
        DataVersion.Transaction = transaction;
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
        InsertRecord.Dispose();
        InsertNode.Dispose();
        TreeSize.Dispose();
        DataVersion.Dispose();
    }
}
