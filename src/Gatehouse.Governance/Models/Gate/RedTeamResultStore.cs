using Gatehouse.Governance.Models.Registry;

namespace Gatehouse.Governance.Models.Gate;

/// <summary>
/// Stores red-team results against model versions in <c>registry.db</c>. The red-team runner records here; the gate
/// reads the results for the exact version it is asked about.
/// </summary>
public sealed class RedTeamResultStore
{
    private readonly ModelRegistry registry;

    /// <summary>Creates a store over the registry's database.</summary>
    public RedTeamResultStore(ModelRegistry registry) => this.registry = registry;

    /// <summary>Records a suite's outcome for a registered model version and reports it to the registry's sink.</summary>
    /// <exception cref="ModelGovernanceException">The model is not registered.</exception>
    /// <exception cref="ArgumentException">Negative counts, or an empty suite name or digest.</exception>
    public async Task<RedTeamResult> RecordAsync(ModelReference model, string suiteName, string suiteSha256, int passed, int failed,
        string? junitPath, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(suiteName);
        ArgumentException.ThrowIfNullOrWhiteSpace(suiteSha256);
        ArgumentOutOfRangeException.ThrowIfNegative(passed);
        ArgumentOutOfRangeException.ThrowIfNegative(failed);
        registry.Get(model);
        var result = new RedTeamResult(model, suiteName, suiteSha256, passed, failed, registry.Time.GetUtcNow(), junitPath);
        using (var connection = registry.Database.Open())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                INSERT INTO redteam_results (model_id, suite_name, suite_sha256, passed, failed, recorded_at, junit_path)
                SELECT id, $suite, $sha, $passed, $failed, $at, $junit FROM models WHERE name = $name AND version = $version
                """;
            command.Parameters.AddWithValue("$suite", suiteName);
            command.Parameters.AddWithValue("$sha", suiteSha256);
            command.Parameters.AddWithValue("$passed", passed);
            command.Parameters.AddWithValue("$failed", failed);
            command.Parameters.AddWithValue("$at", RegistryDatabase.FormatTime(result.RecordedAt));
            command.Parameters.AddWithValue("$junit", (object?)junitPath ?? DBNull.Value);
            command.Parameters.AddWithValue("$name", model.Name);
            command.Parameters.AddWithValue("$version", model.Version);
            command.ExecuteNonQuery();
        }
        await registry.RecordAsync(new RegistryEvent(RegistryEventKind.RedTeamRecorded, model, actor, result.RecordedAt,
            new Dictionary<string, string>
            {
                ["suite"] = suiteName, ["suite_sha256"] = suiteSha256,
                ["passed"] = passed.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["failed"] = failed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }), cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Every result recorded for exactly this version, oldest first.</summary>
    public IReadOnlyList<RedTeamResult> ForModel(ModelReference model)
    {
        using var connection = registry.Database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT r.suite_name, r.suite_sha256, r.passed, r.failed, r.recorded_at, r.junit_path
            FROM redteam_results r JOIN models m ON m.id = r.model_id
            WHERE m.name = $name AND m.version = $version ORDER BY r.id
            """;
        command.Parameters.AddWithValue("$name", model.Name);
        command.Parameters.AddWithValue("$version", model.Version);
        using var reader = command.ExecuteReader();
        var results = new List<RedTeamResult>();
        while (reader.Read())
            results.Add(new RedTeamResult(model, reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3),
                RegistryDatabase.ParseTime(reader.GetString(4)), reader.IsDBNull(5) ? null : reader.GetString(5)));
        return results;
    }
}
