using System.Text.Json.Nodes;
using Gatehouse.Audit;
using Gatehouse.Audit.Records;
using Gatehouse.Cli;
using Gatehouse.Gateway.Identity;

namespace Gatehouse.Cli.Tests;

/// <summary><c>gatehouse keys create|list|revoke</c> against a real identity.db in a temp directory.</summary>
public sealed class KeysCommandTests
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "gatehouse-cli-tests", Guid.NewGuid().ToString("N"));

    private async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await GatehouseCli.RunAsync([.. args, "--data", _data], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Create_prints_the_key_alone_on_stdout_and_details_on_stderr()
    {
        var (exit, stdout, stderr) = await Run("keys", "create", "--principal", "alice", "--tenant", "acme", "--role", "analyst", "--role", "support", "--expires", "30d");

        Assert.Equal(0, exit);
        var key = stdout.TrimEnd('\n', '\r');
        Assert.Matches("^gh_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$", key);
        Assert.Contains("alice", stderr);
        Assert.Contains("analyst, support", stderr);
        var (verdict, record) = new ApiKeyStore(_data).Verify(key);
        Assert.Equal(ApiKeyStore.Verdict.Valid, verdict);
        Assert.Equal(["analyst", "support"], record!.Roles);
        Assert.InRange(record.ExpiresAt!.Value, DateTimeOffset.UtcNow.AddDays(29.9), DateTimeOffset.UtcNow.AddDays(30.1));
    }

    [Fact]
    public async Task The_store_holds_no_secret()
    {
        var (_, stdout, _) = await Run("keys", "create", "--principal", "alice", "--tenant", "acme", "--role", "analyst");
        var secret = stdout.Trim().Split('_', 3)[2];
        var bytes = await File.ReadAllBytesAsync(Path.Combine(_data, ApiKeyStore.FileName));
        Assert.DoesNotContain(secret, System.Text.Encoding.Latin1.GetString(bytes));
    }

    [Fact]
    public async Task List_shows_keys_but_never_secrets_as_table_and_json()
    {
        var (_, key, _) = await Run("keys", "create", "--principal", "bob", "--tenant", "acme", "--role", "reader");
        var id = key.Trim().Split('_')[1];

        var (exit, table, _) = await Run("keys", "list");
        var (jsonExit, json, _) = await Run("keys", "list", "--json");

        Assert.Equal(0, exit);
        Assert.Equal(0, jsonExit);
        Assert.Contains(id, table);
        Assert.Contains("bob", table);
        Assert.Contains("active", table);
        Assert.DoesNotContain(key.Trim(), table);
        var entry = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsArray().Single()!;
        Assert.Equal(id, entry["id"]!.GetValue<string>());
        Assert.Equal("active", entry["status"]!.GetValue<string>());
        Assert.DoesNotContain(key.Trim().Split('_', 3)[2], json);
    }

    [Fact]
    public async Task Revoke_stops_the_key_and_list_says_so()
    {
        var (_, key, _) = await Run("keys", "create", "--principal", "carol", "--tenant", "acme", "--role", "reader");
        var id = key.Trim().Split('_')[1];

        var (exit, stdout, _) = await Run("keys", "revoke", id);

        Assert.Equal(0, exit);
        Assert.Contains(id, stdout);
        Assert.Equal(ApiKeyStore.Verdict.Revoked, new ApiKeyStore(_data).Verify(key.Trim()).Verdict);
        Assert.Contains("revoked", (await Run("keys", "list")).Out);
    }

    [Theory]
    [InlineData("--expires", "soon", "--expires")]
    [InlineData("--expires", "2001-01-01", "in the past")]
    [InlineData("--principal", "has space", "invalid principal")]
    public async Task Bad_input_exits_2_with_a_message(string option, string value, string message)
    {
        string[] args = ["keys", "create", "--principal", "dave", "--tenant", "acme", "--role", "reader"];
        var index = Array.IndexOf(args, option);
        args = index >= 0 ? [.. args[..(index + 1)], value, .. args[(index + 2)..]] : [.. args, option, value];
        var (exit, stdout, stderr) = await Run(args);
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Contains(message, stderr);
    }

    [Fact]
    public async Task Revoking_an_unknown_id_exits_2()
    {
        var (exit, _, stderr) = await Run("keys", "revoke", "000000000000");
        Assert.Equal(2, exit);
        Assert.Contains("No API key", stderr);
    }

    [Fact]
    public async Task Create_and_revoke_are_recorded_in_the_audit_log_without_the_secret()
    {
        var (_, stdout, _) = await Run("keys", "create", "--principal", "erin", "--tenant", "acme", "--role", "analyst", "--role", "support", "--expires", "2030-01-01");
        var key = stdout.Trim();
        var id = key.Split('_')[1];
        var (revokeExit, _, _) = await Run("keys", "revoke", id);
        Assert.Equal(0, revokeExit);

        var (queryExit, jsonl, _) = await Run("audit", "query", "--format", "jsonl", "--actor", "auditor");
        Assert.Equal(0, queryExit);
        var admin = jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!["record"]!)
            .Where(node => node["action"]?.GetValue<string>() is "keys.create" or "keys.revoke").ToList();
        Assert.Equal(["keys.create", "keys.revoke"], admin.Select(node => node["action"]!.GetValue<string>()));
        Assert.All(admin, node => Assert.Equal(id, node["target"]!.GetValue<string>()));

        await using (var log = AuditLog.Open(_data, new AuditOptions { ReadOnly = true }))
        {
            var records = Enumerable.Range(0, (int)log.Size).Select(i => log.ExportEntry(i).Record).OfType<AdminRecord>()
                .Where(r => r.Action.StartsWith("keys.", StringComparison.Ordinal)).ToList();
            Assert.Equal(2, records.Count);
            var expectedActor = Environment.GetEnvironmentVariable("USER") is { Length: > 0 } user ? user : "cli";
            Assert.All(records, r => Assert.Equal(expectedActor, r.Principal));
            var created = records[0];
            Assert.Equal("erin", created.Details["principal"]);
            Assert.Equal("acme", created.Details["tenant"]);
            Assert.Equal("analyst,support", created.Details["roles"]);
            Assert.StartsWith("2030-01-01", created.Details["expires_at"]);
            var report = log.Verify();
            Assert.True(report.Ok);
            Assert.Equal(0, report.UnsignedTail);
        }
        var (verifyExit, _, _) = await Run("audit", "verify");
        Assert.Equal(0, verifyExit);

        var secret = key.Split('_', 3)[2];
        foreach (var file in Directory.GetFiles(_data, "audit*"))
            Assert.DoesNotContain(secret, System.Text.Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file)));
    }

    [Fact]
    public async Task An_unwritable_audit_log_still_prints_the_created_key_and_exits_2_naming_the_audit_failure()
    {
        Directory.CreateDirectory(_data);
        await File.WriteAllTextAsync(Path.Combine(_data, "audit.db"), "not a sqlite database, not an audit log, just text that is long enough");

        var (exit, stdout, stderr) = await Run("keys", "create", "--principal", "frank", "--tenant", "acme", "--role", "reader");

        Assert.Equal(2, exit);
        var key = stdout.Trim();
        Assert.Equal(ApiKeyStore.Verdict.Valid, new ApiKeyStore(_data).Verify(key).Verdict);
        Assert.Contains("keys.create", stderr);
        Assert.Contains("audit record could not be written", stderr);
    }
}
