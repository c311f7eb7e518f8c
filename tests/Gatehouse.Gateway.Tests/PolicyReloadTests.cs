using System.Net;
using System.Text.Json.Nodes;
using Gatehouse.Audit;
using Gatehouse.Audit.Records;
using Gatehouse.Gateway.Tests.Support;
using Gatehouse.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Gateway.Tests;

/// <summary>
/// A running gateway on a bundle directory (a copy of policies/default): edits take effect without a restart, a broken
/// edit keeps the previous bundle serving, and admin routes are decided by the bundle too.
/// </summary>
public sealed class PolicyReloadTests : IAsyncLifetime
{
    private const string Chat = """{"model":"demo","messages":[{"role":"user","content":"hi"}]}""";
    private string _bundle = null!;
    private GatewayServer _gateway = null!;

    public async Task InitializeAsync()
    {
        _bundle = TempDirectory.Create();
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "policies", "default")))
            File.Copy(file, Path.Combine(_bundle, Path.GetFileName(file)));
        _gateway = await GatewayServer.StartAsync($"policy:\n  bundle: {_bundle}\n");
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private string RolesFile => Path.Combine(_bundle, "roles.rego");

    private Task<HttpResponseMessage> AskDemo(string key) => _gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", key, Chat);

    // The watcher reloads after a quiet period; poll until the new revision serves (bounded, never a fixed sleep).
    private async Task<JsonNode> WaitForRevisionChangeAsync(string before)
    {
        for (var i = 0; i < 100; i++)
        {
            var json = JsonNode.Parse(await (await _gateway.SendAsync(HttpMethod.Get, "/admin/policy", _gateway.AdminKey)).Content.ReadAsStringAsync())!;
            if (json["revision"]!.GetValue<string>() != before || json["status"]!.GetValue<string>() == "rejected")
                return json;
            await Task.Delay(100);
        }
        throw new TimeoutException("the policy bundle was not reloaded within 10 s");
    }

    // Write-then-rename, as editors and deploy tools do, so the watcher never sees a half-written file.
    private static async Task ReplaceAsync(string path, string text)
    {
        var staged = Path.Combine(TempDirectory.Create(), Path.GetFileName(path));
        await File.WriteAllTextAsync(staged, text);
        File.Move(staged, path, overwrite: true);
    }

    private async Task<string> RevisionAsync() =>
        JsonNode.Parse(await (await _gateway.SendAsync(HttpMethod.Get, "/admin/policy", _gateway.AdminKey)).Content.ReadAsStringAsync())!["revision"]!.GetValue<string>();

    [Fact]
    public async Task An_edited_rego_file_decides_the_next_request_and_a_broken_one_keeps_the_old_bundle()
    {
        var support = _gateway.CreateKey("sam", "support");
        Assert.Equal(HttpStatusCode.OK, (await AskDemo(support)).StatusCode);
        var first = await RevisionAsync();

        // Take the general purpose away from support by editing the file under the running gateway.
        var text = await File.ReadAllTextAsync(RolesFile);
        var edited = text.Replace("\"support\": {\"general\", \"customer-support\"}", "\"support\": {\"customer-support\"}");
        Assert.NotEqual(text, edited);
        await ReplaceAsync(RolesFile, edited);
        var reloaded = await WaitForRevisionChangeAsync(first);
        Assert.Equal("loaded", reloaded["status"]!.GetValue<string>());
        var second = reloaded["revision"]!.GetValue<string>();
        var denied = await OpenAIErrorAssert.IsErrorAsync(await AskDemo(support), HttpStatusCode.Forbidden, "permission_error", "permission_denied");
        Assert.Contains("purpose general is not allowed for the roles of sam", denied["message"]!.GetValue<string>());

        // Break the file: the last good bundle keeps deciding, and the admin endpoint names the error's place.
        await ReplaceAsync(RolesFile, "package gatehouse.roles\n\nmodels := {\n");
        var rejected = await WaitForRevisionChangeAsync(second);
        Assert.Equal("rejected", rejected["status"]!.GetValue<string>());
        Assert.Equal(second, rejected["revision"]!.GetValue<string>());
        Assert.Contains(rejected["errors"]!.AsArray(), e => e!.GetValue<string>().Contains("roles.rego:", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Forbidden, (await AskDemo(support)).StatusCode);

        // The explicit reload answers 422 with the errors while the file stays broken.
        var reload = await _gateway.SendAsync(HttpMethod.Post, "/admin/policy/reload", _gateway.AdminKey);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reload.StatusCode);

        // Every decided record names the revision that decided it, and each reload attempt is an admin record.
        var log = _gateway.Services.GetRequiredService<AuditLog>();
        var records = Enumerable.Range(0, (int)log.Size).Select(i => log.ExportEntry(i).Record).ToList();
        var interactions = records.OfType<InteractionRecord>().Where(r => r.Endpoint == "chat.completions").ToList();
        Assert.Equal([first, second, second], interactions.Select(r => r.PolicyRevision));
        var reloads = records.OfType<AdminRecord>().Where(r => r.Action == "policy.reload").ToList();
        Assert.Contains(reloads, r => r.Details["result"] == "loaded" && r.Details["revision"] == second && r.Principal == "file-watch");
        Assert.Contains(reloads, r => r.Details["result"] == "rejected" && r.Principal == "admin");
    }

    [Fact]
    public async Task Admin_routes_are_decided_by_policy_on_top_of_the_admin_role()
    {
        Assert.Equal(HttpStatusCode.OK, (await _gateway.SendAsync(HttpMethod.Get, "/admin/keys", _gateway.AdminKey)).StatusCode);
        await File.WriteAllTextAsync(Path.Combine(_bundle, "freeze.rego"), """
            package gatehouse

            import rego.v1

            deny contains "key management is frozen during the audit" if startswith(input.request.endpoint, "admin.keys.")
            """);
        var before = await RevisionAsync();
        var reload = await _gateway.SendAsync(HttpMethod.Post, "/admin/policy/reload", _gateway.AdminKey);
        Assert.Equal(HttpStatusCode.OK, reload.StatusCode);
        Assert.NotEqual(before, await RevisionAsync());

        var denied = await OpenAIErrorAssert.IsErrorAsync(await _gateway.SendAsync(HttpMethod.Get, "/admin/keys", _gateway.AdminKey),
            HttpStatusCode.Forbidden, "permission_error", "permission_denied");
        Assert.Contains("key management is frozen during the audit", denied["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await _gateway.SendAsync(HttpMethod.Get, "/admin/health", _gateway.AdminKey)).StatusCode);
    }
}
