using Gatehouse.Testing;
using Gatehouse.Cli.Commands;
using Gatehouse.Governance.Datasets.Attestation;

namespace Gatehouse.Cli.Tests;

public class DatasetCommandTests
{
    [Fact]
    public async Task Init_then_verify_fails_on_todos_and_passes_once_filled_with_a_signed_statement()
    {
        using var dir = new TempDir();
        var data = Path.Combine(dir.Path, "ds");
        dir.Write("ds/chat.jsonl", "{\"t\":\"write to help@example.com\"}\n");
        var state = Path.Combine(dir.Path, "state");
        Assert.Equal(0, (await DatasetCli.RunAsync("dataset", "init", data)).Exit);
        Assert.Equal(2, (await DatasetCli.RunAsync("dataset", "init", data)).Exit);
        var first = await DatasetCli.RunAsync("dataset", "verify", data, "--scan", "--data", state);
        Assert.Equal(1, first.Exit);
        Assert.Contains("FAIL complete", first.Out);
        Assert.Contains("1 EMAIL finding(s) over the threshold (max 0) without a justified scan exception", first.Out);

        var manifest = Path.Combine(data, "gatehouse-dataset.yaml");
        var yaml = (await File.ReadAllTextAsync(manifest))
            .Replace("TODO: SPDX licence id, e.g. CC-BY-4.0", "CC0-1.0")
            .Replace("TODO: yyyy-MM-dd", "2024-05-01")
            .Replace("scanExceptions: []", "scanExceptions:\n- entityType: EMAIL\n  justification: public support address");
        yaml = System.Text.RegularExpressions.Regex.Replace(yaml, "TODO: [^\\n']*", "documented");
        await File.WriteAllTextAsync(manifest, yaml);
        var second = await DatasetCli.RunAsync("dataset", "verify", manifest, "--scan", "--data", state);
        Assert.True(second.Exit == 0, second.Out + second.Err);
        Assert.Contains("Verified", second.Out);
        var envelope = DsseEnvelope.FromJson(await File.ReadAllTextAsync(Path.Combine(data, ".gatehouse", "verification.dsse.json")));
        var publicKey = Convert.FromBase64String(await File.ReadAllTextAsync(Path.Combine(data, ".gatehouse", "verification.pub")));
        Assert.True(Ed25519Signer.Verify(envelope, publicKey));
        Assert.True(File.Exists(Path.Combine(state, DatasetCommands.KeyFileName)));
    }

    [Fact]
    public async Task Verify_uses_the_saved_scan_and_malformed_manifest_exits_2_with_position()
    {
        using var dir = new TempDir();
        dir.Write("ds/a.txt", "nothing\n");
        var data = Path.Combine(dir.Path, "ds");
        var manifest = dir.Write("ds/gatehouse-dataset.yaml", "name: x\nsources:\n  - origin: [unclosed\n");
        var bad = await DatasetCli.RunAsync("dataset", "verify", manifest, "--data", Path.Combine(dir.Path, "state"));
        Assert.Equal(2, bad.Exit);
        Assert.Contains("gatehouse-dataset.yaml:", bad.Err);
        File.Delete(manifest);
        Assert.Equal(0, (await DatasetCli.RunAsync("dataset", "init", data)).Exit);
        Assert.Equal(0, (await DatasetCli.RunAsync("scan", data, "--json", Path.Combine(data, ".gatehouse", "scan.json"))).Exit);
        var verify = await DatasetCli.RunAsync("dataset", "verify", data, "--data", Path.Combine(dir.Path, "state"));
        Assert.Contains("ok   scan", verify.Out);
        Assert.Contains("ok   hashes", verify.Out);
    }

    [Fact]
    public async Task Init_scan_verify_then_register_a_model_records_the_signed_statement()
    {
        using var dir = new TempDir();
        var (data, state, manifest) = await VerifiedDatasetAsync(dir);

        var weights = dir.Write("model/weights.safetensors", "weights");
        var register = await DatasetCli.RunAsync("model", "register", "--name", "m", "--version", "1.0.0", "--weights", weights,
            "--dataset", manifest, "--registrant", "alice", "--data", state);
        Assert.True(register.Exit == 0, register.Err);
        var show = await DatasetCli.RunAsync("model", "show", "m@1.0.0", "--data", state);
        var statement = Path.Combine(data, DatasetVerificationStatement.EnvelopeRelativePath);
        Assert.Contains("verification: sha256 " + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(statement))), show.Out);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    /// <summary>A dataset folder with a filled manifest, scanned and verified (statement signed with the state's key).</summary>
    private static async Task<(string Data, string State, string Manifest)> VerifiedDatasetAsync(TempDir dir)
    {
        var data = Path.Combine(dir.Path, "ds");
        dir.Write("ds/notes.txt", "nothing personal here\n");
        var state = Path.Combine(dir.Path, "state");
        Assert.Equal(0, (await DatasetCli.RunAsync("dataset", "init", data)).Exit);
        var manifest = Path.Combine(data, "gatehouse-dataset.yaml");
        var yaml = (await File.ReadAllTextAsync(manifest)).Replace("TODO: SPDX licence id, e.g. CC-BY-4.0", "CC0-1.0").Replace("TODO: yyyy-MM-dd", "2024-05-01");
        await File.WriteAllTextAsync(manifest, System.Text.RegularExpressions.Regex.Replace(yaml, "TODO: [^\\n']*", "documented"));
        Assert.Equal(0, (await DatasetCli.RunAsync("scan", data, "--json", Path.Combine(data, ".gatehouse", "scan.json"))).Exit);
        var verify = await DatasetCli.RunAsync("dataset", "verify", data, "--data", state);
        Assert.True(verify.Exit == 0, verify.Out + verify.Err);
        return (data, state, manifest);
    }

    private static string ShippedPolicy => Path.Combine(RepositoryPaths.Root, "policies", "default");

    [Fact]
    public async Task Verify_judges_the_scan_by_the_same_rego_thresholds_as_scan()
    {
        using var dir = new TempDir();
        var data = Path.Combine(dir.Path, "ds");
        var lines = Enumerable.Range(0, 1000).Select(i => $"{{\"text\":\"ticket {i} was closed\"}}").ToList();
        lines[500] = "{\"text\":\"reply to help@example.com\"}";
        dir.Write("ds/chat.jsonl", string.Join("\n", lines) + "\n");
        var state = Path.Combine(dir.Path, "state");
        Assert.Equal(0, (await DatasetCli.RunAsync("dataset", "init", data)).Exit);

        // One email in 1,000 rows: the shipped policy allows up to 5 per 1,000, as `gatehouse scan --policy` does.
        Assert.Equal(0, (await DatasetCli.RunAsync("scan", data, "--policy", ShippedPolicy)).Exit);
        var withPolicy = await DatasetCli.RunAsync("dataset", "verify", data, "--scan", "--policy", ShippedPolicy, "--data", state);
        Assert.Contains("ok   scan", withPolicy.Out);
        // Explicit rules tighten the policy, in verify as in scan.
        var tightened = await DatasetCli.RunAsync("dataset", "verify", data, "--scan", "--policy", ShippedPolicy, "--max", "EMAIL=0", "--data", state);
        Assert.Contains("1 EMAIL finding(s) over the threshold (max 0) without a justified scan exception", tightened.Out);
        Assert.Equal(1, (await DatasetCli.RunAsync("scan", data, "--policy", ShippedPolicy, "--max", "EMAIL=0")).Exit);

        // A saved scan is judged again by the thresholds verify is given, whatever thresholds the scan ran with.
        Assert.Equal(0, (await DatasetCli.RunAsync("scan", data, "--policy", ShippedPolicy, "--json", Path.Combine(data, ".gatehouse", "scan.json"))).Exit);
        var saved = await DatasetCli.RunAsync("dataset", "verify", data, "--max", "*=0", "--data", state);
        Assert.Contains("FAIL scan", saved.Out);
        Assert.Contains("ok   scan", (await DatasetCli.RunAsync("dataset", "verify", data, "--policy", ShippedPolicy, "--data", state)).Out);

        // A secret fails under the policy however rare.
        dir.Write("ds/chat.jsonl", string.Join("\n", lines) + "\n{\"text\":\"key AKIAIOSFODNN7EXAMPLE / wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"}\n");
        var secret = await DatasetCli.RunAsync("dataset", "verify", data, "--scan", "--policy", ShippedPolicy, "--data", state);
        Assert.Contains("FAIL scan", secret.Out);
    }

    [Fact]
    public async Task Registration_and_the_gate_re_verify_the_statement_instead_of_trusting_it()
    {
        using var dir = new TempDir();
        var (data, state, manifest) = await VerifiedDatasetAsync(dir);
        var weights = dir.Write("model/weights.safetensors", "weights");
        var envelopePath = Path.Combine(data, DatasetVerificationStatement.EnvelopeRelativePath);

        // Signed by a key this data directory does not trust: refused at registration, naming the key.
        var otherState = Path.Combine(dir.Path, "other-state");
        var foreign = await DatasetCli.RunAsync("model", "register", "--name", "acme/support-slm", "--version", "1.0.0", "--weights", weights,
            "--dataset", manifest, "--registrant", "alice", "--data", otherState);
        Assert.Equal(2, foreign.Exit);
        Assert.Contains("not by a trusted key", foreign.Err);

        var register = await DatasetCli.RunAsync("model", "register", "--name", "acme/support-slm", "--version", "1.0.0", "--weights", weights,
            "--dataset", manifest, "--registrant", "alice", "--data", state);
        Assert.True(register.Exit == 0, register.Err);

        // A data file changed after verification: the gate fails datasets_verified and names the file.
        File.AppendAllText(Path.Combine(data, "notes.txt"), "jane.doe@example.com\n");
        var gate = await DatasetCli.RunAsync("model", "gate", "acme/support-slm@1.0.0", "--policy", ShippedPolicy, "--data", state);
        Assert.Equal(1, gate.Exit);
        var line = gate.Out.Split('\n').Single(l => l.Contains("datasets_verified", StringComparison.Ordinal));
        Assert.Contains("its files changed since verification: dataset file notes.txt changed since verification", line);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
