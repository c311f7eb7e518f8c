using Microsoft.Data.Sqlite;

namespace Gatehouse.Governance.Models.Registry;

/// <summary>The INSERT statements of a registration, kept apart from the validation that precedes them.</summary>
internal static class RegistryWriter
{
    public static long InsertModel(SqliteConnection connection, ModelRegistration registration, long? baseId, DateTimeOffset registeredAt, StoredCard? card)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO models (name, version, base_id, registrant, registered_at, card_path, card_sha256, card_text)
            VALUES ($name, $version, $base, $registrant, $at, $cardPath, $cardSha, $cardText);
            SELECT last_insert_rowid();
            """;
        command.Parameters.AddWithValue("$name", registration.Reference.Name);
        command.Parameters.AddWithValue("$version", registration.Reference.Version);
        command.Parameters.AddWithValue("$base", (object?)baseId ?? DBNull.Value);
        command.Parameters.AddWithValue("$registrant", registration.Registrant);
        command.Parameters.AddWithValue("$at", RegistryDatabase.FormatTime(registeredAt));
        command.Parameters.AddWithValue("$cardPath", (object?)card?.Path ?? DBNull.Value);
        command.Parameters.AddWithValue("$cardSha", (object?)card?.Sha256 ?? DBNull.Value);
        command.Parameters.AddWithValue("$cardText", (object?)card?.Text ?? DBNull.Value);
        return (long)command.ExecuteScalar()!;
    }

    public static void InsertWeights(SqliteConnection connection, long modelId, IReadOnlyList<WeightFile> weights)
    {
        for (var i = 0; i < weights.Count; i++)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO weights (model_id, ordinal, path, sha256, size_bytes) VALUES ($id, $ordinal, $path, $sha, $size)";
            command.Parameters.AddWithValue("$id", modelId);
            command.Parameters.AddWithValue("$ordinal", i);
            command.Parameters.AddWithValue("$path", weights[i].Path);
            command.Parameters.AddWithValue("$sha", weights[i].Sha256);
            command.Parameters.AddWithValue("$size", weights[i].SizeBytes);
            command.ExecuteNonQuery();
        }
    }

    public static void InsertDatasets(SqliteConnection connection, long modelId, IReadOnlyList<DatasetRecord> datasets)
    {
        for (var i = 0; i < datasets.Count; i++)
        {
            var d = datasets[i];
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO datasets (model_id, ordinal, manifest_path, manifest_sha256, name, version, licenses, owner, statement_path, statement_sha256)
                VALUES ($id, $ordinal, $path, $sha, $name, $version, $licenses, $owner, $statementPath, $statementSha)
                """;
            command.Parameters.AddWithValue("$id", modelId);
            command.Parameters.AddWithValue("$ordinal", i);
            command.Parameters.AddWithValue("$path", d.ManifestPath);
            command.Parameters.AddWithValue("$sha", d.ManifestSha256);
            command.Parameters.AddWithValue("$name", (object?)d.Name ?? DBNull.Value);
            command.Parameters.AddWithValue("$version", (object?)d.Version ?? DBNull.Value);
            command.Parameters.AddWithValue("$licenses", string.Join('\n', d.Licenses));
            command.Parameters.AddWithValue("$owner", (object?)d.Owner ?? DBNull.Value);
            command.Parameters.AddWithValue("$statementPath", (object?)d.StatementPath ?? DBNull.Value);
            command.Parameters.AddWithValue("$statementSha", (object?)d.StatementSha256 ?? DBNull.Value);
            command.ExecuteNonQuery();
        }
    }
}
