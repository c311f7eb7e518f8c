using System.Text.Json;
using Gatehouse.Governance.Models.Registry;
using Microsoft.Data.Sqlite;

namespace Gatehouse.Governance.Models.Gate;

/// <summary>
/// The <c>gate_decisions</c> table of <c>registry.db</c>: every gate run, so the latest one per version can be read by
/// the gateway and earlier ones remain as history. The checks are kept as JSON because their set belongs to the policy.
/// </summary>
internal static class GateDecisionTable
{
    public static void Insert(SqliteConnection connection, GateDecision decision)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO gate_decisions (model_id, allowed, checks_json, policy_revision, decided_at, actor)
            SELECT id, $allowed, $checks, $revision, $at, $actor FROM models WHERE name = $name AND version = $version
            """;
        command.Parameters.AddWithValue("$allowed", decision.Allowed ? 1 : 0);
        command.Parameters.AddWithValue("$checks", JsonSerializer.Serialize(decision.Checks));
        command.Parameters.AddWithValue("$revision", decision.PolicyRevision);
        command.Parameters.AddWithValue("$at", RegistryDatabase.FormatTime(decision.DecidedAt));
        command.Parameters.AddWithValue("$actor", decision.Actor);
        command.Parameters.AddWithValue("$name", decision.Model.Name);
        command.Parameters.AddWithValue("$version", decision.Model.Version);
        command.ExecuteNonQuery();
    }

    public static GateDecision? Latest(SqliteConnection connection, ModelReference model)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT g.allowed, g.checks_json, g.policy_revision, g.decided_at, g.actor
            FROM gate_decisions g JOIN models m ON m.id = g.model_id
            WHERE m.name = $name AND m.version = $version ORDER BY g.id DESC LIMIT 1
            """;
        command.Parameters.AddWithValue("$name", model.Name);
        command.Parameters.AddWithValue("$version", model.Version);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
            return null;
        return new GateDecision(model, reader.GetInt32(0) == 1,
            JsonSerializer.Deserialize<List<GateCheck>>(reader.GetString(1)) ?? [],
            reader.GetString(2), RegistryDatabase.ParseTime(reader.GetString(3)), reader.GetString(4));
    }
}
