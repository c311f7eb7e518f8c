using System.Net;
using System.Security.Cryptography;
using Gatehouse.Audit;
using Gatehouse.Audit.Records;
using Gatehouse.Gateway.Tests.Support;
using Gatehouse.Governance.Models;
using Gatehouse.Governance.Models.Registry;

namespace Gatehouse.Gateway.Tests;

/// <summary>The admin weights download: admins only, refused when the file changed, every download audited.</summary>
public sealed class ModelWeightsDownloadTests
{
    private static async Task<(string Path, byte[] Bytes)> RegisterAsync(GatewayServer gateway)
    {
        var bytes = new byte[300_000];
        new Random(7).NextBytes(bytes);
        var path = Path.Combine(gateway.DataDirectory, "weights", "model.safetensors");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, bytes);
        await new ModelRegistry(gateway.DataDirectory).RegisterAsync(
            new ModelRegistration(ModelReference.Parse("support-slm@1.2.0"), [path], "alice", null, [], null));
        return (path, bytes);
    }

    private static List<AdminRecord> Downloads(string dataDirectory)
    {
        using var _ = new NoSqlitePools();
        var log = AuditLog.Open(dataDirectory, new AuditOptions { ReadOnly = true });
        try
        {
            Assert.True(log.Verify().Ok);
            return Enumerable.Range(0, (int)log.Size).Select(i => log.ExportEntry(i).Record).OfType<AdminRecord>()
                .Where(r => r.Action == "model.weights.download").ToList();
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

    /// <summary>Clears SQLite's pooled connections when done, so the gateway's closed files are really closed.</summary>
    private sealed class NoSqlitePools : IDisposable
    {
        public void Dispose() => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
