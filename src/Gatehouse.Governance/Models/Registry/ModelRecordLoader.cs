using Microsoft.Data.Sqlite;

namespace Gatehouse.Governance.Models.Registry;

/// <summary>Reads registered models back from <c>registry.db</c> rows into <see cref="RegisteredModel"/>.</summary>
internal static class ModelRecordLoader
{
    /// <summary>The row id of a model, or null when it is not registered.</summary>
    public static long? FindId(SqliteConnection connection, ModelReference reference)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM models WHERE name = $name AND version = $version";
        command.Parameters.AddWithValue("$name", reference.Name);
        command.Parameters.AddWithValue("$version", reference.Version);
        return command.ExecuteScalar() is long id ? id : null;
    }

    /// <summary>All model row ids, ordered by name then registration order.</summary>
    public static List<long> AllIds(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM models ORDER BY name, id";
        using var reader = command.ExecuteReader();
        var ids = new List<long>();
        while (reader.Read())
            ids.Add(reader.GetInt64(0));
        return ids;
    }

    /// <summary>Loads the model with row id <paramref name="id"/>.</summary>
    public static RegisteredModel Load(SqliteConnection connection, long id)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT m.name, m.version, b.name, b.version, m.registrant, m.registered_at, m.card_path, m.card_sha256, m.card_text
            FROM models m LEFT JOIN models b ON b.id = m.base_id WHERE m.id = $id
            """;
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
            throw new InvalidOperationException($"model row {id} vanished while being read");
        var reference = new ModelReference(reader.GetString(0), reader.GetString(1));
        ModelReference? parent = reader.IsDBNull(2) ? null : new ModelReference(reader.GetString(2), reader.GetString(3));
        var card = reader.IsDBNull(6) ? null : new StoredCard(reader.GetString(6), reader.GetString(7), reader.GetString(8));
        return new RegisteredModel(reference, parent, reader.GetString(4), RegistryDatabase.ParseTime(reader.GetString(5)),
            Weights(connection, id), Datasets(connection, id), card, Approvals(connection, id));
    }

    /// <summary>The base model's row id of <paramref name="id"/>, or null for a root.</summary>
    public static long? BaseId(SqliteConnection connection, long id)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT base_id FROM models WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return command.ExecuteScalar() is long baseId ? baseId : null;
    }

    private static List<WeightFile> Weights(SqliteConnection connection, long id) =>
        ReadRows(connection, id, "SELECT path, sha256, size_bytes FROM weights WHERE model_id = $id ORDER BY ordinal",
            r => new WeightFile(r.GetString(0), r.GetString(1), r.GetInt64(2)));

    private static List<DatasetRecord> Datasets(SqliteConnection connection, long id) =>
        ReadRows(connection, id, """
            SELECT manifest_path, manifest_sha256, name, version, licenses, owner, statement_path, statement_sha256
            FROM datasets WHERE model_id = $id ORDER BY ordinal
            """,
            r => new DatasetRecord(r.GetString(0), r.GetString(1), NullableString(r, 2), NullableString(r, 3),
                r.GetString(4).Split('\n', StringSplitOptions.RemoveEmptyEntries), NullableString(r, 5),
                NullableString(r, 6), NullableString(r, 7)));

    private static List<Approval> Approvals(SqliteConnection connection, long id) =>
        ReadRows(connection, id, "SELECT approver, approved_at, note FROM approvals WHERE model_id = $id ORDER BY id",
            r => new Approval(r.GetString(0), RegistryDatabase.ParseTime(r.GetString(1)), NullableString(r, 2)));

    /// <summary>Runs a query keyed by <c>$id</c> and maps every row.</summary>
    private static List<T> ReadRows<T>(SqliteConnection connection, long id, string sql, Func<SqliteDataReader, T> map)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        var list = new List<T>();
        while (reader.Read())
            list.Add(map(reader));
        return list;
    }

    private static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
