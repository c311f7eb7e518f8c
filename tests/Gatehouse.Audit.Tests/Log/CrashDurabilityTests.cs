using System.Diagnostics;

namespace Gatehouse.Audit.Tests.Log;

/// <summary>
/// Runs a separate process that appends from 32 concurrent tasks, kills it with SIGKILL mid-load, and checks that
/// every index it reported as acknowledged survived and that the log verifies after restart.
/// </summary>
public class CrashDurabilityTests
{
    [Fact]
    public async Task Every_acknowledged_record_survives_a_SIGKILL_under_load_and_the_log_verifies()
    {
        using var dir = new TempDataDirectory();
        var helper = Path.Combine(AppContext.BaseDirectory, "Gatehouse.Audit.CrashWriter.dll");
        Assert.True(File.Exists(helper), helper);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { helper, dir.Path, "32" })
            start.ArgumentList.Add(arg);
        using var child = Process.Start(start)!;

        var acked = new List<long>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (acked.Count < 3000 && DateTime.UtcNow < deadline)
        {
            var line = await child.StandardOutput.ReadLineAsync();
            if (line is null)
                Assert.Fail("helper exited early: " + await child.StandardError.ReadToEndAsync());
            if (line.StartsWith("ack ", StringComparison.Ordinal))
                acked.Add(long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture));
        }
        child.Kill(); // SIGKILL on Unix: no finalizers, no final checkpoint, mid-transaction
        // Acknowledgements already in the pipe were also given before the kill.
        while (await child.StandardOutput.ReadLineAsync() is { } line)
            if (line.StartsWith("ack ", StringComparison.Ordinal) && long.TryParse(line.AsSpan(4), out var index))
                acked.Add(index);
        await child.WaitForExitAsync();
        Assert.True(acked.Count >= 3000, $"only {acked.Count} acknowledgements");

        await using var log = AuditLog.Open(dir.Path);
        Assert.True(log.Size > acked.Max(), $"log has {log.Size} records but {acked.Max()} was acknowledged");
        foreach (var index in acked)
            Assert.Equal(index, System.Text.Json.JsonDocument.Parse(log.ExportLeaf(index)).RootElement.GetProperty("index").GetInt64());
        var report = log.Verify();
        Assert.True(report.Ok, string.Join("\n", report.Problems));
        Assert.True(report.CheckpointsVerified >= 1);
    }
}
