using Gatehouse.Audit.Checkpoints;
using Gatehouse.Audit.Verification;

namespace Gatehouse.Audit.Tests.Log;

/// <summary>Each test edits audit.db directly with SQL, as someone with file access would, and expects verify to name it.</summary>
public class TamperDetectionTests
{
    private static readonly AuditOptions ReadOnly = new() { ReadOnly = true };

    private static async Task<(AuditVerificationReport Report, string Witness)> TamperAndVerify(TempDataDirectory dir, string sql, int records = 20)
    {
        string witness;
        await using (var log = await Sample.LogWith(dir.Path, records))
        {
            witness = await log.CheckpointAsync();
            Assert.True(log.Verify(witness).Ok);
        }
        dir.Tamper(sql);
        await using var reopened = AuditLog.Open(dir.Path, ReadOnly);
        var report = reopened.Verify(witness);
        AssertSameReportAtEveryBatchSize(reopened, witness, report);
        return (report, witness);
    }

    /// <summary>
    /// Verification streams the log in batches; tiny batches put every tampered index next to a batch boundary, and
    /// the report must not depend on where the boundaries fall.
    /// </summary>
    private static void AssertSameReportAtEveryBatchSize(AuditLog log, string? witness, AuditVerificationReport expected)
    {
        foreach (var batchSize in new[] { 1, 2, 3, 5, 8 })
        {
            var report = log.Verify(witness, batchSize);
            Assert.Equal(expected.Problems.Select(p => p.ToString()), report.Problems.Select(p => p.ToString()));
            Assert.Equal((expected.RecordCount, expected.TreeSize, expected.CheckpointsVerified, expected.LatestCheckpointSize, expected.WitnessVerified),
                (report.RecordCount, report.TreeSize, report.CheckpointsVerified, report.LatestCheckpointSize, report.WitnessVerified));
        }
    }

    [Fact]
    public async Task A_changed_record_is_named_by_index()
    {
        using var dir = new TempDataDirectory();
        var (report, _) = await TamperAndVerify(dir, "UPDATE records SET leaf = CAST(replace(CAST(leaf AS TEXT), '\"decision\":\"allow\"', '\"decision\":\"deny\"') AS BLOB) WHERE idx = 7");
        Assert.False(report.Ok);
        Assert.Contains(report.Problems, p => p.Kind == AuditProblemKind.RecordModified && p.Index == 7);
        Assert.DoesNotContain(report.Problems, p => p.Kind == AuditProblemKind.RecordModified && p.Index != 7);
        Assert.Contains(report.Problems, p => p.Kind == AuditProblemKind.CheckpointRootMismatch);
    }

    [Fact]
    public async Task A_deleted_record_is_named_by_index()
    {
        using var dir = new TempDataDirectory();
        var (report, _) = await TamperAndVerify(dir, "DELETE FROM records WHERE idx = 3");
        Assert.Contains(report.Problems, p => p.Kind == AuditProblemKind.RecordDeleted && p.Index == 3);
    }

    [Fact]
    public async Task Deleting_the_newest_records_with_their_hashes_is_caught_as_truncation_by_the_checkpoint()
    {
        using var dir = new TempDataDirectory();
        var (report, _) = await TamperAndVerify(dir, "DELETE FROM records WHERE idx >= 17; DELETE FROM tree_nodes WHERE (idx + 1) * (1 << level) > 17");
        Assert.Contains(report.Problems, p => p.Kind == AuditProblemKind.LogTruncated && p.Message.Contains("[17, 20)"));
    }

    [Fact]
    public async Task An_inserted_record_at_the_end_is_named()
    {
        using var dir = new TempDataDirectory();
        var (report, _) = await TamperAndVerify(dir,
            "INSERT INTO records(idx, leaf, kind, time_ms) SELECT 20, CAST(replace(CAST(leaf AS TEXT), '\"index\":19', '\"index\":20') AS BLOB), kind, time_ms FROM records WHERE idx = 19");
        Assert.Contains(report.Problems, p => p.Kind == AuditProblemKind.RecordInserted && p.Index == 20);
    }

    [Fact]
    public async Task Swapped_records_are_named_as_moved()
    {
        using var dir = new TempDataDirectory();
        var (report, _) = await TamperAndVerify(dir,
            "UPDATE records SET idx = -1 WHERE idx = 4; UPDATE records SET idx = 4 WHERE idx = 9; UPDATE records SET idx = 9 WHERE idx = -1;");
        Assert.Contains(report.Problems, p => p.Kind == AuditProblemKind.RecordMoved && p.Index == 4 && p.Message.Contains("index 9"));
        Assert.Contains(report.Problems, p => p.Kind == AuditProblemKind.RecordMoved && p.Index == 9 && p.Message.Contains("index 4"));
    }

    [Fact]
    public async Task A_rewrite_that_also_recomputes_stored_hashes_is_caught_by_the_signed_checkpoints_and_the_witness()
    {
        using var dir = new TempDataDirectory();
        string witness;
        await using (var log = await Sample.LogWith(dir.Path, 8))
            witness = await log.CheckpointAsync();
        // Rebuild the whole log from edited records, with a fresh tree, as a forger without the key would.
        dir.Tamper("UPDATE records SET leaf = CAST(replace(CAST(leaf AS TEXT), '\"principal\":\"alice\"', '\"principal\":\"mallory\"') AS BLOB) WHERE idx = 2");
        var leaves = new List<byte[]>();
        await using (var log = AuditLog.Open(dir.Path, ReadOnly))
            for (var i = 0; i < 8; i++)
                leaves.Add(log.ExportLeaf(i));
        var updates = new System.Text.StringBuilder("DELETE FROM tree_nodes;");
        var nodes = new List<(int, long, byte[])>();
        var frontier = new Gatehouse.Audit.Merkle.MerkleFrontier();
        foreach (var leaf in leaves)
            frontier.Append(Gatehouse.Audit.Merkle.Rfc6962.LeafHash(leaf), (level, index, hash) => nodes.Add((level, index, hash)));
        foreach (var (level, index, hash) in nodes)
            updates.Append($"INSERT INTO tree_nodes VALUES ({level}, {index}, X'{Convert.ToHexString(hash)}');");
        dir.Tamper(updates.ToString());

        await using var reopened = AuditLog.Open(dir.Path, ReadOnly);
        var report = reopened.Verify(witness);
        Assert.DoesNotContain(report.Problems, p => p.Kind == AuditProblemKind.RecordModified);
        Assert.Contains(report.Problems, p => p.Kind == AuditProblemKind.CheckpointRootMismatch && p.Message.Contains("[0, 8)"));
        Assert.Contains(report.Problems, p => p.Kind == AuditProblemKind.WitnessMismatch);

        // Even with the checkpoints table wiped, the witness kept elsewhere still catches it.
        dir.Tamper("DELETE FROM checkpoints");
        var withoutCheckpoints = reopened.Verify(witness);
        Assert.Contains(withoutCheckpoints.Problems, p => p.Kind == AuditProblemKind.WitnessMismatch);
    }

    [Fact]
    public async Task The_writer_refuses_to_extend_a_log_whose_tree_no_longer_matches_its_latest_checkpoint()
    {
        using var dir = new TempDataDirectory();
        await using (var log = await Sample.LogWith(dir.Path, 6))
            await log.CheckpointAsync();
        dir.Tamper("UPDATE tree_nodes SET hash = zeroblob(32) WHERE level = 1 AND idx = 2");
        var error = Assert.Throws<Storage.AuditStoreException>(() => AuditLog.Open(dir.Path));
        Assert.Contains("refusing to extend a tampered log", error.Message);
    }

    [Fact]
    public async Task A_checkpoint_signed_by_another_key_is_reported_invalid()
    {
        using var dir = new TempDataDirectory();
        using var other = NoteSigner.Generate("gatehouse.local/audit");
        await using (var log = await Sample.LogWith(dir.Path, 4))
        {
            var forged = new Checkpoint(log.Origin, 4, log.Root(4)).Sign(other);
            var witnessReport = log.Verify(forged);
            Assert.Contains(witnessReport.Problems, p => p.Kind == AuditProblemKind.WitnessMismatch && p.Message.Contains("not signed by any trusted key"));
            await log.CheckpointAsync();
        }
        dir.Tamper($"UPDATE checkpoints SET note = '{new Checkpoint("gatehouse.local/audit", 4, new byte[32]).Sign(other)}'");
        await using var reopened = AuditLog.Open(dir.Path, ReadOnly);
        Assert.Contains(reopened.Verify().Problems, p => p.Kind == AuditProblemKind.CheckpointInvalid);
    }

    [Fact]
    public async Task A_stored_hash_of_the_wrong_length_is_a_mismatch_not_a_crash()
    {
        using var dir = new TempDataDirectory();
        var (report, _) = await TamperAndVerify(dir, "UPDATE tree_nodes SET hash = X'00' WHERE level = 0 AND idx = 5; UPDATE tree_nodes SET hash = 'text' WHERE level = 3 AND idx = 1");
        Assert.Contains(report.Problems, p => p.Kind == AuditProblemKind.RecordModified && p.Index == 5);
        Assert.Contains(report.Problems, p => p.Kind == AuditProblemKind.TreeNodeMismatch && p.Message.Contains("[8, 16)"));
    }

    [Fact]
    public async Task A_leaf_replaced_by_garbage_is_named_corrupt_and_modified()
    {
        using var dir = new TempDataDirectory();
        var (report, _) = await TamperAndVerify(dir, "UPDATE records SET leaf = X'7B7B7B' WHERE idx = 12");
        Assert.Contains(report.Problems, p => p.Kind == AuditProblemKind.RecordCorrupt && p.Index == 12);
        Assert.Contains(report.Problems, p => p.Kind == AuditProblemKind.RecordModified && p.Index == 12);
        Assert.Equal(20, report.RecordCount);
    }

    [Fact]
    public async Task Damage_in_a_log_spanning_many_batches_and_checkpoints_is_named_at_each_place()
    {
        using var dir = new TempDataDirectory();
        await using (var log = await Sample.LogWith(dir.Path, 300, new AuditOptions { CheckpointEveryRecords = 64, CheckpointInterval = TimeSpan.FromHours(1) }))
            await log.CheckpointAsync();
        dir.Tamper("""
            UPDATE records SET leaf = CAST(replace(CAST(leaf AS TEXT), '"principal":"alice"', '"principal":"eve"') AS BLOB) WHERE idx = 70;
            DELETE FROM records WHERE idx = 255;
            UPDATE tree_nodes SET hash = zeroblob(32) WHERE level = 4 AND idx = 10;
            """);
        await using var reopened = AuditLog.Open(dir.Path, ReadOnly);
        var report = reopened.Verify();
        Assert.Contains(report.Problems, p => p.Kind == AuditProblemKind.RecordModified && p.Index == 70);
        Assert.Contains(report.Problems, p => p.Kind == AuditProblemKind.RecordDeleted && p.Index == 255);
        Assert.Contains(report.Problems, p => p.Kind == AuditProblemKind.TreeNodeMismatch && p.Message.Contains("(level 4, index 10) over records [160, 176)"));
        // The checkpoint at 64 still verifies; the first one after the edit at 70 names the range since then.
        Assert.Contains(report.Problems, p => p.Kind == AuditProblemKind.CheckpointRootMismatch && p.Message.Contains("[64, 128)"));
        Assert.Equal(1, report.CheckpointsVerified);
        AssertSameReportAtEveryBatchSize(reopened, null, report);
        Assert.All(new[] { 64, 100, 4096 }, size => Assert.Equal(report.ProblemCount, reopened.Verify(null, size).ProblemCount));
    }

    [Theory]
    [InlineData(3, 1, "[8, 16)")]
    [InlineData(4, 0, "[0, 16)")] // the highest level of a 20-record tree: no stored node that high is left
    [InlineData(1, 9, "[18, 20)")]
    public async Task A_deleted_interior_node_is_named_missing_by_level_and_range(int level, int index, string range)
    {
        using var dir = new TempDataDirectory();
        var (report, _) = await TamperAndVerify(dir, $"DELETE FROM tree_nodes WHERE level = {level} AND idx = {index}");
        var problem = Assert.Single(report.Problems);
        Assert.Equal(AuditProblemKind.TreeNodeMismatch, problem.Kind);
        Assert.Contains($"(level {level}, index {index}) over records {range} is missing", problem.Message);
    }

    [Fact]
    public async Task A_changed_interior_hash_is_named_by_level_and_range()
    {
        using var dir = new TempDataDirectory();
        var (report, _) = await TamperAndVerify(dir, "UPDATE tree_nodes SET hash = zeroblob(32) WHERE level = 2 AND idx = 1");
        Assert.Contains(report.Problems, p => p.Kind == AuditProblemKind.TreeNodeMismatch && p.Message.Contains("[4, 8)"));
    }
}
