using Gatehouse.Audit.Records;
using Microsoft.Data.Sqlite;

namespace Gatehouse.Audit.Tests.Log;

/// <summary>Temporary data directories and sample records for tests that run the real SQLite log.</summary>
internal sealed class TempDataDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gatehouse-audit-" + Guid.NewGuid().ToString("N"));

    public string Database => System.IO.Path.Combine(Path, AuditLog.DatabaseFile);

    /// <summary>Runs SQL directly against audit.db, the way an attacker with file access would.</summary>
    public void Tamper(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Database};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal static class Sample
{
    public static readonly DateTimeOffset Start = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    public static InteractionRecord Interaction(int i, string principal = "alice", string tenant = "acme", string model = "phi-4-mini", string decision = "allow") => new()
    {
        Time = Start.AddSeconds(i),
        EndTime = Start.AddSeconds(i).AddMilliseconds(250),
        RequestId = $"req-{i}",
        Principal = principal,
        Tenant = tenant,
        ClientAddress = "10.0.0.7",
        Endpoint = "/v1/chat/completions",
        ModelAlias = model,
        ModelVersion = "1.2.0",
        Upstream = "http://127.0.0.1:8081",
        PolicyRevision = "rev-7",
        Decision = decision,
        Reasons = decision == "allow" ? [] : ["pii.email in prompt"],
        Findings = [new AuditFinding("email", 1, ["messages[0].content"])],
        Actions = decision == "allow" ? [] : ["redact"],
        PromptTokens = 12,
        CompletionTokens = 40,
        LatencyMs = 250,
        Status = 200,
    };

    public static async Task<AuditLog> LogWith(string dir, int records, AuditOptions? options = null)
    {
        var log = AuditLog.Open(dir, options);
        for (var i = 0; i < records; i++)
            await log.AppendAsync(Interaction(i));
        return log;
    }
}

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
