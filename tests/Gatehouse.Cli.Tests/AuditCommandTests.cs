using System.Text.Json;
using Gatehouse.Audit;
using Gatehouse.Audit.Checkpoints;
using Gatehouse.Audit.Merkle;
using Gatehouse.Audit.Records;
using Gatehouse.Cli;
using Microsoft.Data.Sqlite;

namespace Gatehouse.Cli.Tests;

/// <summary>The audit verbs, run in-process against a real log in a temporary data directory.</summary>
public sealed class AuditCommandTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "gatehouse-cli-audit-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task Seed(int count)
    {
        await using var log = AuditLog.Open(_data);
        for (var i = 0; i < count; i++)
        {
            await log.AppendAsync(new InteractionRecord
            {
                Time = new DateTimeOffset(2026, 11, 1, 12, 0, i, TimeSpan.Zero),
                Principal = i % 2 == 0 ? "alice" : "bob",
                Tenant = "acme",
                ModelAlias = "phi-4-mini",
                Decision = i == 3 ? "deny" : "allow",
                RequestId = "req-" + i,
            }, new AuditPayload("prompt " + i, "answer", Retain: true, SubjectId: i == 1 ? "subject-42" : null));
        }
    }

    private async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await GatehouseCli.RunAsync([.. args, "--data", _data], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private void Tamper(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_data, "audit.db")};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Fact]
    public async Task Verify_passes_on_an_intact_log_and_names_a_changed_record_with_exit_1()
    {
        await Seed(6);
        var ok = await Run("audit", "verify");
        Assert.Equal(0, ok.Exit);
        Assert.Contains("OK: 6 records", ok.Out);

        Tamper("UPDATE records SET leaf = CAST(replace(CAST(leaf AS TEXT), 'req-4', 'req-X') AS BLOB) WHERE idx = 4");
        var bad = await Run("audit", "verify");
        Assert.Equal(1, bad.Exit);
        Assert.Contains("TAMPERED RecordModified at index 4", bad.Out);
        Assert.Contains("FAILED", bad.Out);
    }

    [Fact]
    public async Task A_saved_checkpoint_acts_as_a_witness_and_catches_a_wiped_checkpoint_table_after_rewrite()
    {
        await Seed(4);
        var saved = Path.Combine(_data, "witness.checkpoint");
        Assert.Equal(0, (await Run("audit", "checkpoint", "--out", saved)).Exit);
        var checkpoint = Checkpoint.ParseBody(SignedNote.Parse(await File.ReadAllTextAsync(saved)).Text);
        Assert.Equal(4, checkpoint.Size);

        var ok = await Run("audit", "verify", "--checkpoint", saved);
        Assert.Equal(0, ok.Exit);
        Assert.Contains("witness checkpoint matches", ok.Out);

        Tamper("DELETE FROM records WHERE idx = 3; DELETE FROM tree_nodes WHERE (idx + 1) * (1 << level) > 3; DELETE FROM checkpoints;");
        var bad = await Run("audit", "verify", "--checkpoint", saved);
        Assert.Equal(1, bad.Exit);
        Assert.Contains("LogTruncated", bad.Out);
        Assert.Contains("records [3, 4) were removed", bad.Out);
    }

    [Fact]
    public async Task Prove_prints_a_proof_that_verifies_against_the_public_key_and_rejects_an_index_beyond_the_tree()
    {
        await Seed(9);
        var key = NoteVerifierKey.Parse((await Run("audit", "public-key")).Out);
        var (exit, json, _) = await Run("audit", "prove", "--index", "5");
        Assert.Equal(0, exit);
        var proof = JsonDocument.Parse(json).RootElement;
        var checkpoint = Checkpoint.Open(proof.GetProperty("checkpoint").GetString()!, key);
        var leafHash = Rfc6962.LeafHash(Convert.FromBase64String(proof.GetProperty("leaf").GetString()!));
        MerkleVerifier.VerifyInclusion(5, checkpoint.Size, leafHash,
            proof.GetProperty("proof").EnumerateArray().Select(p => Convert.FromBase64String(p.GetString()!)).ToList(), checkpoint.RootHash);

        var beyond = await Run("audit", "prove", "--index", "9");
        Assert.Equal(2, beyond.Exit);
        Assert.Contains("index 9 is beyond the latest checkpoint (size 9)", beyond.Err);
    }

    [Fact]
    public async Task Query_filters_as_table_and_jsonl_and_is_itself_audited()
    {
        await Seed(6);
        var table = await Run("audit", "query", "--principal", "alice", "--actor", "auditor");
        Assert.Equal(0, table.Exit);
        Assert.Contains("INDEX", table.Out);
        Assert.Equal(3, table.Out.Split('\n').Count(l => l.Contains(" alice ")));

        var jsonl = await Run("audit", "query", "--decision", "deny", "--format", "jsonl");
        var line = Assert.Single(jsonl.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(3, JsonDocument.Parse(line).RootElement.GetProperty("index").GetInt64());

        var export = await Run("audit", "export", "--actor", "auditor");
        var actions = export.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("record"))
            .Where(r => r.GetProperty("kind").GetString() == "admin").Select(r => r.GetProperty("action").GetString()).ToList();
        Assert.Equal(["audit.query", "audit.query", "audit.export"], actions);
        Assert.Equal(0, (await Run("audit", "verify")).Exit);
    }

    [Fact]
    public async Task Erase_destroys_a_subject_and_an_unknown_subject_is_an_input_error()
    {
        await Seed(3);
        var erased = await Run("audit", "erase", "--subject", "subject-42", "--actor", "dpo");
        Assert.Equal(0, erased.Exit);
        Assert.Contains("1 payload keys destroyed", erased.Out);
        Assert.DoesNotContain("subject-42", erased.Out);

        var unknown = await Run("audit", "erase", "--subject", "nobody");
        Assert.Equal(2, unknown.Exit);
        Assert.Contains("unknown subject", unknown.Err);
        Assert.Equal(0, (await Run("audit", "verify")).Exit);
    }

    [Fact]
    public async Task Verbs_on_a_missing_or_corrupt_log_fail_with_a_clear_message()
    {
        var missing = await Run("audit", "verify");
        Assert.Equal(2, missing.Exit);
        Assert.Contains("there is no audit log", missing.Err);

        Directory.CreateDirectory(_data);
        await File.WriteAllTextAsync(Path.Combine(_data, "audit.db"), new string('x', 4096));
        var corrupt = await Run("audit", "checkpoint");
        Assert.Equal(2, corrupt.Exit);
        Assert.Contains("not a usable audit database", corrupt.Err);
    }
}
