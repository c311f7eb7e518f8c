using System.Net;
using Gatehouse.Audit;
using Gatehouse.Audit.Records;
using Gatehouse.Gateway.Audit;
using Gatehouse.Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Gateway.Tests;

/// <summary>
/// Refused credentials leave a trace in the real audit log: no principal, the presented key's public id (never its
/// secret), the client address, the route and the reason, committed before the 401 goes out; the log still verifies.
/// </summary>
public sealed class FailedAuthenticationAuditTests : IAsyncLifetime
{
    private GatewayServer _gateway = null!;

    public async Task InitializeAsync() => _gateway = await GatewayServer.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private AuditLog Log => _gateway.Services.GetRequiredService<AuditLog>();

    private List<(InteractionRecord Record, string Leaf)> Refusals() =>
        Enumerable.Range(0, (int)Log.Size).Select(i => Log.ExportEntry(i))
            .Where(e => e.Record is InteractionRecord { Decision: FailedAuthenticationAudit.Decision })
            .Select(e => ((InteractionRecord)e.Record, e.LeafJson)).ToList();

    [Fact]
    public async Task A_wrong_secret_is_recorded_with_the_key_id_and_never_the_secret()
    {
        var real = _gateway.CreateKey("ann", "analyst");
        var id = real.Split('_')[1];
        var wrongSecret = new string('Q', 43);
        var response = await _gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", $"gh_{id}_{wrongSecret}", """{"model":"demo","messages":[{"role":"user","content":"hi"}]}""");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);

        // Durable before the 401: the record is there the moment the caller has its answer.
        var (record, leaf) = Assert.Single(Refusals());
        Assert.Null(record.Principal);
        Assert.Null(record.Tenant);
        Assert.Equal(id, record.KeyId);
        Assert.Equal("127.0.0.1", record.ClientAddress);
        Assert.Equal("/v1/chat/completions", record.Endpoint);
        Assert.Equal(401, record.Status);
        Assert.Equal(response.Headers.GetValues("x-request-id").Single(), record.RequestId);
        Assert.Contains(record.Reasons, r => r.StartsWith("invalid_api_key:", StringComparison.Ordinal));
        Assert.DoesNotContain(wrongSecret, leaf, StringComparison.Ordinal);
        Assert.DoesNotContain(real.Split('_', 3)[2], leaf, StringComparison.Ordinal); // the whole secret (it may itself contain '_')
        Assert.True(Log.Verify().Ok);
    }

    [Fact]
    public async Task Missing_revoked_and_malformed_credentials_are_each_recorded_with_their_reason()
    {
        var revoked = _gateway.CreateKey("bob", "analyst");
        Assert.True(_gateway.Store.Revoke(revoked.Split('_')[1]));

        Assert.Equal(HttpStatusCode.Unauthorized, (await _gateway.SendAsync(HttpMethod.Get, "/v1/models", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _gateway.SendAsync(HttpMethod.Get, "/v1/models", revoked)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _gateway.SendAsync(HttpMethod.Get, "/admin/keys", "not-a-gatehouse-key")).StatusCode);

        var refusals = Refusals();
        Assert.Equal(3, refusals.Count);
        Assert.StartsWith("missing_api_key:", Assert.Single(refusals[0].Record.Reasons), StringComparison.Ordinal);
        Assert.Null(refusals[0].Record.KeyId);
        Assert.Equal(revoked.Split('_')[1], refusals[1].Record.KeyId);
        Assert.Contains("revoked", Assert.Single(refusals[1].Record.Reasons), StringComparison.Ordinal);
        // A credential that is not shaped like a Gatehouse key is not recorded at all, not even in part.
        Assert.Null(refusals[2].Record.KeyId);
        Assert.Equal("/admin/keys", refusals[2].Record.Endpoint);
        Assert.DoesNotContain("not-a-gatehouse-key", refusals[2].Leaf, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_authenticated_call_records_which_key_made_it()
    {
        var key = _gateway.CreateKey("ann", "analyst");
        var response = await _gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", key, """{"model":"demo","messages":[{"role":"user","content":"hi"}]}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = Assert.Single(Enumerable.Range(0, (int)Log.Size).Select(i => Log.ExportEntry(i).Record).OfType<InteractionRecord>());
        Assert.Equal("ann", record.Principal);
        Assert.Equal(key.Split('_')[1], record.KeyId);
    }

    [Fact]
    public async Task A_flood_of_refusals_from_one_address_is_capped_and_the_overflow_counted_in_the_next_record()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var gateway = await GatewayServer.StartAsync(clock: clock, configureServices: s => s.AddSingleton(sp => new FailedAuthenticationAudit(
            sp.GetRequiredService<AuditLog>(), clock, sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<FailedAuthenticationAudit>>()) { PerAddressPerMinute = 3 }));
        var log = gateway.Services.GetRequiredService<AuditLog>();
        List<InteractionRecord> Refused() => Enumerable.Range(0, (int)log.Size).Select(i => log.ExportEntry(i).Record)
            .OfType<InteractionRecord>().Where(r => r.Decision == FailedAuthenticationAudit.Decision).ToList();

        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.SendAsync(HttpMethod.Get, "/v1/models", null)).StatusCode);
        Assert.Equal(3, Refused().Count);

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.SendAsync(HttpMethod.Get, "/v1/models", null)).StatusCode);
        var refused = Refused();
        Assert.Equal(4, refused.Count);
        Assert.Contains(refused[3].Reasons, r => r.StartsWith("2 earlier refusals from this address", StringComparison.Ordinal));
    }
}
