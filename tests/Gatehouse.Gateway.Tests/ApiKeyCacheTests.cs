using System.Net;
using Gatehouse.Gateway.Identity;
using Gatehouse.Gateway.Tests.Support;

namespace Gatehouse.Gateway.Tests;

/// <summary>
/// The verified-key cache: a cached key still honours revocation (from this process at once, from another process
/// within <see cref="ApiKeyStore.RevisionCheckInterval"/>) and expiry (checked on every use), on real SQLite files.
/// </summary>
public sealed class ApiKeyCacheTests
{
    private static readonly TimeSpan PastRevisionCheck = ApiKeyStore.RevisionCheckInterval * 3;

    [Fact]
    public void A_key_revoked_by_another_process_stops_working_although_it_was_cached()
    {
        var data = TempDirectory.Create();
        using var gateway = new ApiKeyStore(data, cacheLifetime: TimeSpan.FromMinutes(10));
        var (record, key) = gateway.Create("ann", "acme", ["analyst"], null);
        Assert.Equal(ApiKeyStore.Verdict.Valid, gateway.Verify(key).Verdict);
        Assert.Equal(ApiKeyStore.Verdict.Valid, gateway.Verify(key).Verdict);

        // `gatehouse keys revoke` in another process: its own store, its own connections to identity.db.
        using (var cli = new ApiKeyStore(data))
            Assert.True(cli.Revoke(record.Id));
        Thread.Sleep(PastRevisionCheck);

        var (verdict, seen) = gateway.Verify(key);
        Assert.Equal(ApiKeyStore.Verdict.Revoked, verdict);
        Assert.Equal(record.Id, seen!.Id);
    }

    [Fact]
    public void A_key_revoked_through_the_same_store_stops_working_at_once()
    {
        using var store = new ApiKeyStore(TempDirectory.Create(), cacheLifetime: TimeSpan.FromMinutes(10));
        var (record, key) = store.Create("ann", "acme", ["analyst"], null);
        Assert.Equal(ApiKeyStore.Verdict.Valid, store.Verify(key).Verdict);
        Assert.True(store.Revoke(record.Id));
        Assert.Equal(ApiKeyStore.Verdict.Revoked, store.Verify(key).Verdict);
    }

    [Fact]
    public void A_cached_key_expires_on_time()
    {
        var clock = new ManualClock(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        using var store = new ApiKeyStore(TempDirectory.Create(), clock, cacheLifetime: TimeSpan.FromMinutes(10));
        var (_, key) = store.Create("ann", "acme", ["analyst"], clock.GetUtcNow().AddMinutes(5));
        Assert.Equal(ApiKeyStore.Verdict.Valid, store.Verify(key).Verdict);
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(ApiKeyStore.Verdict.Expired, store.Verify(key).Verdict);
    }

    [Fact]
    public void A_wrong_secret_for_a_cached_key_is_refused()
    {
        using var store = new ApiKeyStore(TempDirectory.Create(), cacheLifetime: TimeSpan.FromMinutes(10));
        var (_, key) = store.Create("ann", "acme", ["analyst"], null);
        Assert.Equal(ApiKeyStore.Verdict.Valid, store.Verify(key).Verdict);
        var forged = key[..^4] + (key.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        Assert.Equal((ApiKeyStore.Verdict.Invalid, null), store.Verify(forged));
    }

    [Fact]
    public async Task The_gateway_refuses_a_key_revoked_by_the_cli_while_it_serves()
    {
        await using var gateway = await GatewayServer.StartAsync();
        var key = gateway.CreateKey("ann", "analyst");
        var id = key.Split('_')[1];
        Assert.Equal(HttpStatusCode.OK, (await gateway.SendAsync(HttpMethod.Get, "/v1/models", key)).StatusCode);

        using (var cli = new ApiKeyStore(gateway.DataDirectory))
            Assert.True(cli.Revoke(id));
        await Task.Delay(PastRevisionCheck);

        var refused = await gateway.SendAsync(HttpMethod.Get, "/v1/models", key);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("revoked", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
