using Microsoft.Data.Sqlite;

namespace Gatehouse.Audit.Tests.Log;

/// <summary>
/// The writer never copies the WAL back into the database inside a commit (that made every hundredth append several
/// times slower); a background connection does it, and the log stays readable and verifiable throughout.
/// </summary>
public class WalCheckpointTests
{
    [Fact]
    public async Task Committed_frames_are_checkpointed_in_the_background_and_the_log_still_verifies()
    {
        using var dir = new TempDataDirectory();
        await using (var log = AuditLog.Open(dir.Path))
        {
            for (var i = 0; i < 40; i++)
                await log.AppendAsync(Sample.Interaction(i));
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (log.BackgroundCheckpoints == 0 && DateTime.UtcNow < deadline)
                await Task.Delay(50);
            Assert.True(log.BackgroundCheckpoints > 0, "no background checkpoint within 10 s");

            // A reader on another connection sees every committed record while checkpoints run.
            using var reader = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(dir.Path, AuditLog.DatabaseFile), Mode = SqliteOpenMode.ReadOnly }.ToString());
            reader.Open();
            using var count = reader.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM records";
            Assert.Equal(40L, (long)count.ExecuteScalar()!);
        }
        await using var reopened = AuditLog.Open(dir.Path, new AuditOptions { ReadOnly = true });
        var report = reopened.Verify();
        Assert.True(report.Ok, string.Join("\n", report.Problems));
        Assert.Equal(40, report.RecordCount);
    }

    [Fact]
    public async Task A_burst_far_beyond_the_auto_checkpoint_threshold_commits_and_verifies()
    {
        using var dir = new TempDataDirectory();
        await using var log = AuditLog.Open(dir.Path);
        // Well over SQLite's default auto-checkpoint threshold (1,000 WAL pages) in one burst.
        await Task.WhenAll(Enumerable.Range(0, 3000).Select(i => log.AppendAsync(Sample.Interaction(i)).AsTask()));
        Assert.Equal(3000, log.Size);
        var report = log.Verify();
        Assert.True(report.Ok, string.Join("\n", report.Problems));
    }
}
