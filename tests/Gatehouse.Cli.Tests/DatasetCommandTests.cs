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
        Assert.Contains("1 EMAIL finding(s) without a justified scan exception", first.Out);

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

        var weights = dir.Write("model/weights.safetensors", "weights");
        var register = await DatasetCli.RunAsync("model", "register", "--name", "m", "--version", "1.0.0", "--weights", weights,
            "--dataset", manifest, "--registrant", "alice", "--data", state);
        Assert.True(register.Exit == 0, register.Err);
        var show = await DatasetCli.RunAsync("model", "show", "m@1.0.0", "--data", state);
        var statement = Path.Combine(data, DatasetVerificationStatement.EnvelopeRelativePath);
        Assert.Contains("verification: sha256 " + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(statement))), show.Out);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
