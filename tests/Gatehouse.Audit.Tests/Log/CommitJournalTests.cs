using Gatehouse.Audit.Records;
using Gatehouse.Audit.Storage;
using Microsoft.Data.Sqlite;

namespace Gatehouse.Audit.Tests.Log;

/// <summary>
/// The commit journal (audit.journal): a batch is durable once its frame is synced there, and a frame whose database
/// commit never happened (the writer died in between) is applied by the next writer. A "crash" here is the store's
/// test hook throwing right after the journal write, which leaves disk and database exactly as a process killed at
/// that instant would; the SIGKILL test covers the real thing at random instants.
/// </summary>
public class CommitJournalTests
{
    private static readonly AuditOptions ReadOnly = new() { ReadOnly = true };

    [Fact]
    public async Task A_batch_journaled_but_never_committed_is_applied_when_the_log_is_next_opened_and_the_log_verifies()
    {
        using var dir = new TempDataDirectory();
        long crashedIndex;
        await using (var log = AuditLog.Open(dir.Path))
        {
            for (var i = 0; i < 5; i++)
                await log.AppendAsync(Sample.Interaction(i));
            log.SqliteStore!.AfterJournalWrite = () => throw new IOException("simulated crash after the journal write");
            await Assert.ThrowsAsync<IOException>(async () => await log.AppendAsync(Sample.Interaction(5, principal: "carol")));
            crashedIndex = 5;
            // The batch may be on disk, so the writer stops instead of handing out index 5 again.
            var refused = await Assert.ThrowsAsync<AuditStoreException>(async () => await log.AppendAsync(Sample.Interaction(6)));
            Assert.Contains("reopen", refused.Message);
            Assert.Equal(5, log.ExportEntry(4).Index + 1);
        }

        await using (var inspect = AuditLog.Open(dir.Path, ReadOnly))
            Assert.Equal(1, inspect.PendingJournalBatches());

        await using (var log = AuditLog.Open(dir.Path))
        {
            Assert.Equal(6, log.Size);
            Assert.Equal("carol", log.ExportEntry(crashedIndex).Record.Principal);
            Assert.Equal(6, await log.AppendAsync(Sample.Interaction(6)));
            await log.CheckpointAsync();
            var report = log.Verify();
            Assert.True(report.Ok, string.Join("\n", report.Problems));
            Assert.Equal(0, log.PendingJournalBatches());
        }
    }

    [Fact]
    public async Task A_running_writer_applies_a_frame_another_writer_journaled_before_it_died_and_appends_after_it()
    {
        using var dir = new TempDataDirectory();
        await using var survivor = AuditLog.Open(dir.Path);
        await survivor.AppendAsync(Sample.Interaction(0));
        await using (var dying = AuditLog.Open(dir.Path))
        {
            dying.SqliteStore!.AfterJournalWrite = () => throw new IOException("simulated crash after the journal write");
            await Assert.ThrowsAsync<IOException>(async () => await dying.AppendAsync(Sample.Interaction(1, principal: "cli-admin")));
        }
        // The survivor's next batch finds the pending frame where the next frame would go, applies it, reloads its tree.
        Assert.Equal(2, await survivor.AppendAsync(Sample.Interaction(2)));
        Assert.Equal("cli-admin", survivor.ExportEntry(1).Record.Principal);
        await survivor.CheckpointAsync();
        Assert.True(survivor.Verify().Ok);
    }

    [Fact]
    public async Task The_journal_restarts_at_offset_zero_in_a_new_generation_once_it_passes_its_size_and_nothing_is_lost()
    {
        using var dir = new TempDataDirectory();
        var options = new AuditOptions { JournalRecycleBytes = 64 * 1024 };
        await using (var log = AuditLog.Open(dir.Path, options))
        {
            // One batch per record: each frame takes at least 4 KiB, so 60 records cross 64 KiB several times.
            for (var i = 0; i < 60; i++)
                await log.AppendAsync(Sample.Interaction(i));
            var (generation, offset) = JournalState(dir);
            Assert.True(generation >= 3, $"generation {generation}");
            Assert.True(offset <= 64 * 1024 + AuditJournal.Alignment, $"offset {offset}");
            log.SqliteStore!.AfterJournalWrite = () => throw new IOException("simulated crash after the journal write");
            await Assert.ThrowsAsync<IOException>(async () => await log.AppendAsync(Sample.Interaction(60)));
        }
        await using (var log = AuditLog.Open(dir.Path, options))
        {
            Assert.Equal(61, log.Size);
            await log.CheckpointAsync();
            Assert.True(log.Verify().Ok);
        }
    }

    [Fact]
    public async Task A_torn_frame_at_the_tail_is_no_frame_but_a_damaged_frame_with_a_later_frame_behind_it_refuses_to_open()
    {
        using var dir = new TempDataDirectory();
        await using (var log = AuditLog.Open(dir.Path))
        {
            await log.AppendAsync(Sample.Interaction(0));
            log.SqliteStore!.AfterJournalWrite = () => throw new IOException("simulated crash after the journal write");
            await Assert.ThrowsAsync<IOException>(async () => await log.AppendAsync(Sample.Interaction(1)));
        }
        var journalPath = Path.Combine(dir.Path, SqliteAuditStore.JournalFile);
        var pending = PendingPosition(dir);
        byte[] frame;
        using (var journal = AuditJournal.Open(journalPath, readOnly: false)!)
        {
            frame = journal.TryRead(pending)!;
            Assert.NotNull(frame);
            // A later, intact frame of the same generation behind the one about to be damaged.
            journal.WriteDurably(pending.Next(frame.Length), frame);
        }
        FlipByte(journalPath, pending.Offset + AuditJournal.HeaderSize + 3);

        var refused = Assert.Throws<AuditStoreException>(() => AuditLog.Open(dir.Path));
        Assert.Contains($"offset {pending.Offset} is damaged", refused.Message);

        // Without the later frame the damaged one is a torn tail: the batch was never acknowledged, nothing is missing.
        using (var journal = AuditJournal.Open(journalPath, readOnly: false)!)
            journal.WriteDurably(pending.Next(frame.Length) with { Generation = -1 }, frame);
        await using (var log = AuditLog.Open(dir.Path))
        {
            Assert.Equal(1, log.Size);
            await log.CheckpointAsync();
            Assert.True(log.Verify().Ok);
        }
    }

    [Fact]
    public async Task Subject_keys_never_reach_the_journal_so_erasure_leaves_no_copy_of_them()
    {
        using var dir = new TempDataDirectory();
        await using var log = AuditLog.Open(dir.Path);
        await log.AppendAsync(Sample.Interaction(0));
        var generationBefore = JournalState(dir).Generation;
        await log.AppendAsync(Sample.Interaction(1, principal: "bob"), new AuditPayload("bob's question", "answer", Retain: true));
        for (var i = 2; i < 5; i++)
            await log.AppendAsync(Sample.Interaction(i, principal: "bob"));
        byte[] key;
        using (var connection = new SqliteConnection($"Data Source={dir.Database};Pooling=false"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT key FROM subject_keys";
            key = (byte[])command.ExecuteScalar()!;
        }
        // The batch that created the key committed with a full sync and restarted the journal.
        Assert.True(JournalState(dir).Generation > generationBefore);
        var journal = await File.ReadAllBytesAsync(Path.Combine(dir.Path, SqliteAuditStore.JournalFile));
        Assert.Equal(-1, journal.AsSpan().IndexOf(key));
        Assert.True(journal.AsSpan().IndexOf("bob"u8) >= 0, "the plain records after it are journaled");
        await log.EraseSubjectAsync("bob", actor: "dpo");
        Assert.Equal(Payloads.PayloadStatus.Erased, log.ReadPayload(1).Status);
    }

    private static (long Generation, long Offset) JournalState(TempDataDirectory dir)
    {
        var position = PendingPosition(dir);
        return (position.Generation, position.Offset);
    }

    private static JournalPosition PendingPosition(TempDataDirectory dir)
    {
        using var connection = new SqliteConnection($"Data Source={dir.Database};Pooling=false;Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT generation, sequence, byte_offset FROM journal_state";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        return new JournalPosition(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    private static void FlipByte(string path, long offset)
    {
        using var file = File.Open(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = offset;
        var value = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)(value ^ 0x5A));
    }
}
