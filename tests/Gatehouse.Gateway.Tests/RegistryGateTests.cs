using System.ClientModel;
using System.Net;
using Gatehouse.Audit;
using Gatehouse.Audit.Records;
using Gatehouse.Gateway.Tests.Support;
using Gatehouse.Governance.Models;
using Gatehouse.Governance.Models.Gate;
using Gatehouse.Governance.Models.Registry;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Gateway.Tests;

/// <summary>
/// Aliases bound to a real registry.db (built through the ModelRegistry API): only an approved version with intact
/// weights is served; its version and weights hash reach the audit record; anything else is refused with the reason.
/// </summary>
public sealed class RegistryGateTests : IAsyncLifetime
{
    private FakeUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeUpstream.StartAsync();

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    private async Task<(string Data, string Weights)> RegistryAsync(bool approve, bool gatePassed = true)
    {
        var data = TempDirectory.Create();
        var weights = Path.Combine(data, "support-slm-1.2.0.gguf");
        await File.WriteAllTextAsync(weights, "pretend weights");
        var registry = new ModelRegistry(data);
        var reference = new ModelReference("support-slm", "1.2.0");
        await registry.RegisterAsync(new ModelRegistration(reference, [weights], "rita", AllowIncompleteCard: true));
        if (approve)
            await registry.ApproveAsync(reference, "alex");
        // The gateway serves a version only when it is approved AND its latest gate run passed (docs/models.md).
        await registry.RecordGateDecisionAsync(new GateDecision(reference, gatePassed,
            [new GateCheck("approved_by_other", approve, approve ? "approved by alex" : "no approval")], "test-bundle", DateTimeOffset.UtcNow, "alex"));
        return (data, weights);
    }

    private Task<GatewayServer> StartAsync(string data, TimeProvider? clock = null) => GatewayServer.StartAsync($"""
        models:
          support:
            baseUrl: {_upstream.BaseUrl}
            upstreamModel: echo
            registry: support-slm
            roles: ["*"]
        """, clock: clock, dataDirectory: data);

    private const string Chat = """{"model":"support","messages":[{"role":"user","content":"hi"}]}""";

    [Fact]
    public async Task An_approved_version_with_intact_weights_is_served_and_audited_with_its_version()
    {
        var (data, _) = await RegistryAsync(approve: true);
        await using var gateway = await StartAsync(data);
        Assert.Equal(HttpStatusCode.OK, (await gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", gateway.AdminKey, Chat)).StatusCode);
        var log = gateway.Services.GetRequiredService<AuditLog>();
        var record = Enumerable.Range(0, (int)log.Size).Select(i => log.ExportEntry(i).Record).OfType<InteractionRecord>().Single();
        Assert.Equal("1.2.0", record.ModelVersion);
        Assert.Equal(64, record.WeightsHash!.Length);
    }

    [Fact]
    public async Task An_unapproved_version_is_refused_and_not_listed()
    {
        var (data, _) = await RegistryAsync(approve: false);
        await using var gateway = await StartAsync(data);
        var error = await OpenAIErrorAssert.IsErrorAsync(await gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", gateway.AdminKey, Chat),
            HttpStatusCode.Forbidden, "permission_error", "permission_denied");
        Assert.Contains("no approved version of support-slm", error["message"]!.GetValue<string>());
        Assert.DoesNotContain("\"support\"", await (await gateway.SendAsync(HttpMethod.Get, "/v1/models", gateway.AdminKey)).Content.ReadAsStringAsync());
        Assert.Empty(_upstream.Received);
    }

    [Fact]
    public async Task An_approved_version_whose_weights_changed_is_refused()
    {
        var (data, weights) = await RegistryAsync(approve: true);
        await File.AppendAllTextAsync(weights, " tampered");
        await using var gateway = await StartAsync(data);
        var error = await OpenAIErrorAssert.IsErrorAsync(await gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", gateway.AdminKey, Chat),
            HttpStatusCode.Forbidden, "permission_error", "permission_denied");
        Assert.Contains("weights no longer match", error["message"]!.GetValue<string>());
        Assert.Empty(_upstream.Received);
    }

    [Fact]
    public async Task A_weight_file_changed_while_the_gateway_runs_is_noticed_and_the_version_refused_until_restored()
    {
        var (data, weights) = await RegistryAsync(approve: true);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var gateway = await StartAsync(data, clock);
        Assert.Equal(HttpStatusCode.OK, (await gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", gateway.AdminKey, Chat)).StatusCode);

        // Same length, new bytes: only the write time tells the stat check to re-hash.
        await File.WriteAllTextAsync(weights, "PRETEND WEIGHTS");
        File.SetLastWriteTimeUtc(weights, DateTime.UtcNow.AddMinutes(1));
        // Within the re-check interval the stamps are not even looked at, so requests pay nothing.
        Assert.Equal(HttpStatusCode.OK, (await gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", gateway.AdminKey, Chat)).StatusCode);

        clock.Advance(Gatehouse.Gateway.Registry.RegistryModelResolver.DefaultRecheckInterval);
        var error = await OpenAIErrorAssert.IsErrorAsync(await gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", gateway.AdminKey, Chat),
            HttpStatusCode.Forbidden, "permission_error", "permission_denied");
        Assert.Contains("support-slm@1.2.0 weights no longer match their registration (support-slm-1.2.0.gguf changed)", error["message"]!.GetValue<string>());
        Assert.DoesNotContain("\"support\"", await (await gateway.SendAsync(HttpMethod.Get, "/v1/models", gateway.AdminKey)).Content.ReadAsStringAsync());
        Assert.Equal(2, _upstream.Received.Count);

        // Deleted: refused as missing. Restored byte for byte: served again.
        File.Delete(weights);
        clock.Advance(Gatehouse.Gateway.Registry.RegistryModelResolver.DefaultRecheckInterval);
        error = await OpenAIErrorAssert.IsErrorAsync(await gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", gateway.AdminKey, Chat),
            HttpStatusCode.Forbidden, "permission_error", "permission_denied");
        Assert.Contains("support-slm-1.2.0.gguf missing", error["message"]!.GetValue<string>());
        await File.WriteAllTextAsync(weights, "pretend weights");
        clock.Advance(Gatehouse.Gateway.Registry.RegistryModelResolver.DefaultRecheckInterval);
        Assert.Equal(HttpStatusCode.OK, (await gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", gateway.AdminKey, Chat)).StatusCode);
        Assert.Equal(3, _upstream.Received.Count);
    }

    [Fact]
    public async Task An_approved_version_whose_latest_gate_run_failed_is_refused()
    {
        var (data, _) = await RegistryAsync(approve: true, gatePassed: false);
        await using var gateway = await StartAsync(data);
        var error = await OpenAIErrorAssert.IsErrorAsync(await gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", gateway.AdminKey, Chat),
            HttpStatusCode.Forbidden, "permission_error", "permission_denied");
        Assert.Contains("no servable version of support-slm", error["message"]!.GetValue<string>());
        Assert.Empty(_upstream.Received);
    }
}
