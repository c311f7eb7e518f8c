using System.Net;
using System.Security.Cryptography;
using Gatehouse.Audit;
using Gatehouse.Audit.Records;
using Gatehouse.Gateway.Tests.Support;
using Gatehouse.Governance.Models;
using Gatehouse.Governance.Models.Gate;
using Gatehouse.Governance.Models.Registry;

namespace Gatehouse.Gateway.Tests;

/// <summary>
/// The admin weights download: decided by the policy (admins any version, model publishers approved versions), refused
/// when the file changed, every download and every refusal audited.
/// </summary>
public sealed class ModelWeightsDownloadTests
{
    private static async Task<(string Path, byte[] Bytes)> RegisterAsync(GatewayServer gateway, string model = "support-slm@1.2.0", bool deployable = false)
    {
        var bytes = new byte[300_000];
        new Random(7).NextBytes(bytes);
        var path = Path.Combine(gateway.DataDirectory, "weights", "model.safetensors");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, bytes);
        var reference = ModelReference.Parse(model);
        var registry = new ModelRegistry(gateway.DataDirectory);
        await registry.RegisterAsync(new ModelRegistration(reference, [path], "alice", null, [], null));
        if (deployable)
        {
            await registry.ApproveAsync(reference, "alex");
            await registry.RecordGateDecisionAsync(new GateDecision(reference, true,
                [new GateCheck("approved_by_other", true, "approved by alex")], "test-bundle", DateTimeOffset.UtcNow, "alex"));
        }
        return (path, bytes);
    }

    private static List<AdminRecord> Downloads(string dataDirectory)
    {
        using var _ = new NoSqlitePools();
        var log = AuditLog.Open(dataDirectory, new AuditOptions { ReadOnly = true });
        try
        {
            Assert.True(log.Verify().Ok);
            return Records(log).OfType<AdminRecord>().Where(r => r.Action == "model.weights.download").ToList();
        }
        finally
        {
            log.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    [Fact]
    public async Task Admin_downloads_the_exact_bytes_with_their_digest_and_the_download_is_audited()
    {
        string dataDirectory;
        byte[] bytes;
        await using (var gateway = await GatewayServer.StartAsync())
        {
            dataDirectory = gateway.DataDirectory;
            (_, bytes) = await RegisterAsync(gateway);

            using var response = await gateway.SendAsync(HttpMethod.Get, "/admin/models/support-slm/1.2.0/weights/model.safetensors", gateway.AdminKey);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), response.Headers.GetValues("x-gatehouse-sha256").Single());
            Assert.Equal("model.safetensors", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        }
        var download = Assert.Single(Downloads(dataDirectory));
        Assert.Equal("support-slm@1.2.0", download.Target);
        Assert.Equal("admin", download.Principal);
        Assert.Equal("model.safetensors", download.Details["file"]);
        Assert.Equal("300000", download.Details["size_bytes"]);
    }

    [Fact]
    public async Task Non_admins_are_refused_and_changed_weights_are_not_handed_out()
    {
        string dataDirectory;
        await using (var gateway = await GatewayServer.StartAsync())
        {
            dataDirectory = gateway.DataDirectory;
            var (path, _) = await RegisterAsync(gateway);
            var analyst = gateway.CreateKey("carol", "analyst");

            using var denied = await gateway.SendAsync(HttpMethod.Get, "/admin/models/support-slm/1.2.0/weights/model.safetensors", analyst);
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);

            using var unknownModel = await gateway.SendAsync(HttpMethod.Get, "/admin/models/nope/1.0.0/weights/model.safetensors", gateway.AdminKey);
            Assert.Equal(HttpStatusCode.NotFound, unknownModel.StatusCode);
            Assert.Contains("model_not_found", await unknownModel.Content.ReadAsStringAsync());
            using var unknownFile = await gateway.SendAsync(HttpMethod.Get, "/admin/models/support-slm/1.2.0/weights/other.bin", gateway.AdminKey);
            Assert.Equal(HttpStatusCode.NotFound, unknownFile.StatusCode);
            Assert.Contains("has no weight file 'other.bin' (it has: model.safetensors)", await unknownFile.Content.ReadAsStringAsync());
            using var badVersion = await gateway.SendAsync(HttpMethod.Get, "/admin/models/support-slm/v1/weights/model.safetensors", gateway.AdminKey);
            Assert.Equal(HttpStatusCode.BadRequest, badVersion.StatusCode);

            await File.AppendAllTextAsync(path, "tampered");
            using var changed = await gateway.SendAsync(HttpMethod.Get, "/admin/models/support-slm/1.2.0/weights/model.safetensors", gateway.AdminKey);
            Assert.Equal(HttpStatusCode.Conflict, changed.StatusCode);
            Assert.Contains("weights_changed", await changed.Content.ReadAsStringAsync());

            File.Delete(path);
            using var missing = await gateway.SendAsync(HttpMethod.Get, "/admin/models/support-slm/1.2.0/weights/model.safetensors", gateway.AdminKey);
            Assert.Equal(HttpStatusCode.Conflict, missing.StatusCode);
            Assert.Contains("is missing or unreadable", await missing.Content.ReadAsStringAsync());
        }
        Assert.False(File.Exists(Path.Combine(dataDirectory, "audit.db")) && Downloads(dataDirectory).Count > 0,
            "nothing was handed out, so no download may be recorded");
    }

    private static List<InteractionRecord> Refusals(string dataDirectory)
    {
        using var _ = new NoSqlitePools();
        var log = AuditLog.Open(dataDirectory, new AuditOptions { ReadOnly = true });
        try
        {
            return Records(log).OfType<InteractionRecord>().Where(r => r.Endpoint == "admin.models.download").ToList();
        }
        finally
        {
            log.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static IEnumerable<object> Records(AuditLog log) =>
        Enumerable.Range(0, (int)log.Size).Select(i => (object)log.ExportEntry(i).Record);

    [Fact]
    public async Task A_model_publisher_downloads_an_approved_version_whose_name_holds_a_slash()
    {
        string dataDirectory;
        byte[] bytes;
        await using (var gateway = await GatewayServer.StartAsync())
        {
            dataDirectory = gateway.DataDirectory;
            (_, bytes) = await RegisterAsync(gateway, "acme/support-slm@1.2.0", deployable: true);
            var publisher = gateway.CreateKey("pat", "model-publisher");

            using var response = await gateway.SendAsync(HttpMethod.Get, "/admin/models/acme%2Fsupport-slm/1.2.0/weights/model.safetensors", publisher);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
            // The policy opens the download only: the rest of the admin API stays closed to the role.
            using var keys = await gateway.SendAsync(HttpMethod.Get, "/admin/keys", publisher);
            Assert.Equal(HttpStatusCode.Forbidden, keys.StatusCode);
        }
        var download = Assert.Single(Downloads(dataDirectory));
        Assert.Equal("acme/support-slm@1.2.0", download.Target);
        Assert.Equal("pat", download.Principal);
        Assert.Empty(Refusals(dataDirectory));
    }

    [Fact]
    public async Task Policy_refusals_carry_the_reason_in_the_error_body_and_are_audited()
    {
        string dataDirectory;
        await using (var gateway = await GatewayServer.StartAsync())
        {
            dataDirectory = gateway.DataDirectory;
            await RegisterAsync(gateway);
            var analyst = gateway.CreateKey("carol", "analyst");
            var publisher = gateway.CreateKey("pat", "model-publisher");

            using var wrongRole = await gateway.SendAsync(HttpMethod.Get, "/admin/models/support-slm/1.2.0/weights/model.safetensors", analyst);
            var error = await OpenAIErrorAssert.IsErrorAsync(wrongRole, HttpStatusCode.Forbidden, "permission_error", "permission_denied");
            Assert.Contains("no role of carol may download the weights of model support-slm", error["message"]!.GetValue<string>());

            using var unapproved = await gateway.SendAsync(HttpMethod.Get, "/admin/models/support-slm/1.2.0/weights/model.safetensors", publisher);
            Assert.Equal(HttpStatusCode.Forbidden, unapproved.StatusCode);
            Assert.Contains("model support-slm version 1.2.0 is not approved for deployment; only admins may download its weights",
                await unapproved.Content.ReadAsStringAsync());

            // The policy answers before the registry does: a refused caller cannot learn which models exist.
            using var unknown = await gateway.SendAsync(HttpMethod.Get, "/admin/models/nope/1.0.0/weights/model.safetensors", analyst);
            Assert.Equal(HttpStatusCode.Forbidden, unknown.StatusCode);
        }
        Assert.Empty(Downloads(dataDirectory));
        var refusals = Refusals(dataDirectory);
        Assert.Equal(["carol", "pat", "carol"], refusals.Select(r => r.Principal));
        Assert.All(refusals, r => Assert.Equal("deny", r.Decision));
        Assert.Contains(refusals[1].Reasons, r => r.Contains("is not approved for deployment", StringComparison.Ordinal));
        Assert.Equal("support-slm", refusals[0].ModelAlias);
        Assert.Equal("1.2.0", refusals[0].ModelVersion);
    }

    [Theory]
    [InlineData("/admin/models/support-slm/1.2.0/weights/model.safetensors", true)]
    [InlineData("/admin/models/acme%2Fsupport-slm/1.2.0/weights/model.safetensors", true)]
    [InlineData("/admin/models//1.2.0/weights/model.safetensors", false)]
    [InlineData("/admin/models/support-slm/1.2.0/weights/", false)]
    [InlineData("/admin/models/support-slm/1.2.0/cards/model.md", false)]
    [InlineData("/admin/models/a/b/1.2.0/weights/model.safetensors", false)]
    [InlineData("/admin/keys", false)]
    public void Only_the_exact_weights_route_escapes_the_admin_role_check(string path, bool policyDecided) =>
        Assert.Equal(policyDecided, Gatehouse.Gateway.Endpoints.ModelWeightsEndpoints.IsWeightsPath(new Microsoft.AspNetCore.Http.PathString(path)));

    /// <summary>Clears SQLite's pooled connections when done, so the gateway's closed files are really closed.</summary>
    private sealed class NoSqlitePools : IDisposable
    {
        public void Dispose() => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
