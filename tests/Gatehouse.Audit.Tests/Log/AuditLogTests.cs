using Gatehouse.Audit.Checkpoints;
using Gatehouse.Audit.Merkle;
using Gatehouse.Audit.Records;
using Gatehouse.Audit.Storage;

namespace Gatehouse.Audit.Tests.Log;

public class AuditLogTests
{
    [Fact]
    public async Task Appends_get_consecutive_indices_and_a_signed_checkpoint_that_outside_code_can_check()
    {
        using var dir = new TempDataDirectory();
        await using var log = await Sample.LogWith(dir.Path, 5);
        Assert.Equal(5, await log.AppendAsync(new AdminRecord { Time = Sample.Start, Principal = "root", Action = "model.approve", Target = "phi-4-mini@1.2.0" }));
        var note = await log.CheckpointAsync();

        var checkpoint = Checkpoint.Open(note, NoteVerifierKey.Parse(log.PublicKey.ToString()), log.Origin);
        Assert.Equal(6, checkpoint.Size);
        Assert.Equal(log.Root(6), checkpoint.RootHash);
        Assert.True(log.Verify().Ok);
    }

    [Fact]
    public async Task Inclusion_proofs_verify_against_the_checkpoint_root_for_every_index()
    {
        using var dir = new TempDataDirectory();
        await using var log = await Sample.LogWith(dir.Path, 37);
        var checkpoint = Checkpoint.Open(await log.CheckpointAsync(), log.PublicKey);
        for (var index = 0; index < 37; index++)
        {
            var proof = log.ProveInclusion(index);
            var leafHash = Rfc6962.LeafHash(Convert.FromBase64String(proof.Leaf));
            Assert.Equal(proof.LeafHash, Convert.ToBase64String(leafHash));
            MerkleVerifier.VerifyInclusion(index, proof.TreeSize, leafHash, proof.Proof.Select(Convert.FromBase64String).ToList(), checkpoint.RootHash);
        }
        var beyond = Assert.Throws<AuditOperationException>(() => log.ProveInclusion(37));
        Assert.Contains("beyond the latest checkpoint (size 37)", beyond.Message);
    }

    [Fact]
    public async Task Reopening_continues_the_same_tree_and_consistency_proofs_link_old_and_new_checkpoints()
    {
        using var dir = new TempDataDirectory();
        byte[] oldRoot;
        await using (var log = await Sample.LogWith(dir.Path, 11))
            oldRoot = log.Root(11);
        await using (var log = AuditLog.Open(dir.Path))
        {
            Assert.Equal(11, log.Size);
            Assert.Equal(11, await log.AppendAsync(Sample.Interaction(11)));
            await log.AppendAsync(Sample.Interaction(12));
            var expected = new MemoryMerkleTree();
            foreach (var record in Enumerable.Range(0, 13))
                expected.AppendLeafHash(Rfc6962.LeafHash(log.ExportLeaf(record)));
            Assert.Equal(expected.Root(), log.Root(13));
            MerkleVerifier.VerifyConsistency(11, 13, log.ProveConsistency(11, 13), oldRoot, log.Root(13));
            Assert.True(log.Verify().Ok);
        }
    }

    [Fact]
    public async Task Two_writers_on_one_log_interleave_without_colliding_and_the_log_verifies()
    {
        // The gateway holds the log open while the CLI (keys create, model approve) opens it too.
        using var dir = new TempDataDirectory();
        await using var gateway = AuditLog.Open(dir.Path);
        Assert.Equal(0, await gateway.AppendAsync(Sample.Interaction(0)));
        await using (var cli = AuditLog.Open(dir.Path))
        {
            Assert.Equal(1, await cli.AppendAsync(Sample.Interaction(1, principal: "cli")));
            Assert.Equal(2, await cli.AppendAsync(Sample.Interaction(2, principal: "cli")));
        }
        Assert.Equal(3, await gateway.AppendAsync(Sample.Interaction(3)));
        await using (var cli = AuditLog.Open(dir.Path))
        {
            var both = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => i % 2 == 0
                ? gateway.AppendAsync(Sample.Interaction(10 + i)).AsTask()
                : cli.AppendAsync(Sample.Interaction(10 + i, principal: "cli")).AsTask()));
            Assert.Equal(Enumerable.Range(4, 20).Select(i => (long)i), both.Order());
        }
        await gateway.CheckpointAsync();
        var report = gateway.Verify();
        Assert.True(report.Ok, string.Join("\n", report.Problems));
        Assert.Equal(24, report.RecordCount);
    }

    [Fact]
    public async Task Concurrent_appenders_are_group_committed_without_losing_or_duplicating_an_index()
    {
        using var dir = new TempDataDirectory();
        await using var log = AuditLog.Open(dir.Path);
        var indices = await Task.WhenAll(Enumerable.Range(0, 64).Select(async worker =>
        {
            var mine = new List<long>();
            for (var i = 0; i < 40; i++)
                mine.Add(await log.AppendAsync(Sample.Interaction(i, principal: $"p{worker}")));
            return mine;
        }));
        Assert.Equal(Enumerable.Range(0, 64 * 40).Select(i => (long)i), indices.SelectMany(x => x).Order());
        var report = log.Verify();
        Assert.True(report.Ok, string.Join("\n", report.Problems));
        Assert.Equal(64 * 40, report.RecordCount);
    }

    [Fact]
    public async Task Verifying_while_appends_continue_sees_one_consistent_snapshot()
    {
        using var dir = new TempDataDirectory();
        await using var log = await Sample.LogWith(dir.Path, 50);
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                await log.AppendAsync(Sample.Interaction(i, principal: $"w{w}"));
                if (i % 50 == 0)
                    await log.CheckpointAsync();
            }
        })).ToList();
        for (var round = 0; round < 5; round++)
        {
            var report = log.Verify();
            Assert.True(report.Ok, string.Join("\n", report.Problems));
        }
        await stop.CancelAsync();
        await Task.WhenAll(writers);
    }

    [Fact]
    public async Task Signing_key_is_created_once_with_owner_only_permissions_and_reused()
    {
        using var dir = new TempDataDirectory();
        string key;
        await using (var log = AuditLog.Open(dir.Path))
            key = log.PublicKey.ToString();
        var path = Path.Combine(dir.Path, "audit-signing.key");
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        await using (var log = AuditLog.Open(dir.Path))
            Assert.Equal(key, log.PublicKey.ToString());
        Assert.StartsWith("gatehouse.local/audit+", key);
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_gets_a_precise_error()
    {
        using var dir = new TempDataDirectory();
        Directory.CreateDirectory(dir.Path);
        await File.WriteAllTextAsync(dir.Database, "this is not SQLite, it is a truncated text file........................................................................");
        var error = Assert.Throws<AuditStoreException>(() => AuditLog.Open(dir.Path));
        Assert.Contains("audit.db", error.Message);
        Assert.Contains("not a usable audit database", error.Message);
    }

    [Fact]
    public async Task Leaves_are_canonical_json_with_the_index_and_no_payload_text()
    {
        using var dir = new TempDataDirectory();
        await using var log = AuditLog.Open(dir.Path);
        await log.AppendAsync(Sample.Interaction(0), new AuditPayload("my SSN is 078-05-1120", "noted"));
        var leaf = System.Text.Encoding.UTF8.GetString(log.ExportLeaf(0));
        Assert.StartsWith("{\"v\":1,\"index\":0,\"record\":{\"kind\":\"interaction\",", leaf);
        Assert.Contains("\"time\":\"2026-11-01T12:00:00+00:00\"", leaf);
        Assert.Equal(leaf, System.Text.Encoding.UTF8.GetString(log.ExportLeaf(0))); // stable bytes
        Assert.DoesNotContain("078-05-1120", leaf);
        Assert.Contains("\"inputCommitment\":\"", leaf);
        Assert.DoesNotContain("\"payload\"", leaf);
    }

    [Fact]
    public async Task Commitments_are_the_HMAC_SHA256_of_the_domain_line_and_the_text_under_the_logs_secret_so_a_holder_of_the_secret_can_check_them()
    {
        using var dir = new TempDataDirectory();
        await using var log = AuditLog.Open(dir.Path);
        const string input = "{\"messages\":[{\"content\":\"Grüße, 👋 from bob@example.com\"}]}";
        const string output = "answer with a lone surrogate \ud800 at the end";
        var index = await log.AppendAsync(Sample.Interaction(0), new AuditPayload(input, output));
        var record = Assert.IsType<InteractionRecord>(log.ExportEntry(index).Record);

        var secret = Convert.FromBase64String(File.ReadAllText(Path.Combine(dir.Path, "audit-secret.key")).Trim());
        string Expected(string domain, string text) =>
            Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(secret, System.Text.Encoding.UTF8.GetBytes(domain + "\n" + text)));
        Assert.Equal(Expected("input", input), record.InputCommitment);
        Assert.Equal(Expected("output", output), record.OutputCommitment);
    }
}
