using System.ClientModel;
using System.Net;
using System.Text.Json.Nodes;
using Gatehouse.Audit;
using Gatehouse.Audit.Records;
using Gatehouse.Gateway.Policy;
using Gatehouse.Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using OpenAI.Chat;

namespace Gatehouse.Gateway.Tests;

/// <summary>
/// Every request through the real gateway lands in the real audit log (SQLite in the data directory): allowed,
/// denied with its reasons, failed upstream, admin actions; the log verifies; the admin API pages, proves and erases.
/// </summary>
public sealed class AuditTrailTests : IAsyncLifetime
{
    private FakeUpstream _upstream = null!;
    private GatewayServer _gateway = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _gateway = await GatewayServer.StartAsync($"""
        models:
          support-slm:
            baseUrl: {_upstream.BaseUrl}
            upstreamModel: echo
          down:
            baseUrl: http://127.0.0.1:{ClosedPort.Get()}/v1
            upstreamModel: nothing
            roles: ["*"]
        """);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    private AuditLog Log => _gateway.Services.GetRequiredService<AuditLog>();

    private List<(long Index, AuditRecord Record)> Records() =>
        Enumerable.Range(0, (int)Log.Size).Select(i => (Index: (long)i, Log.ExportEntry(i).Record)).ToList();

    private ChatClient Chat(string key, string model) =>
        new OpenAIClient(new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = _gateway.V1 }).GetChatClient(model);

    [Fact]
    public async Task An_answered_call_is_recorded_before_the_answer_and_the_log_verifies()
    {
        var key = _gateway.CreateKey("sam", "support");
        var answer = await Chat(key, "support-slm").CompleteChatAsync("where is my parcel");
        // The record is committed before the body is written, so it is there the moment the SDK returns.
        var (_, record) = Assert.Single(Records(), r => r.Record is InteractionRecord);
        var interaction = Assert.IsType<InteractionRecord>(record);
        Assert.Equal("sam", interaction.Principal);
        Assert.Equal("acme", interaction.Tenant);
        Assert.Equal("chat.completions", interaction.Endpoint);
        Assert.Equal("support-slm", interaction.ModelAlias);
        Assert.Equal("allow", interaction.Decision);
        Assert.Equal(["allowed"], interaction.Reasons);
        Assert.Equal(200, interaction.Status);
        Assert.Equal(_upstream.BaseUrl.GetLeftPart(UriPartial.Authority), interaction.Upstream);
        Assert.Equal(_gateway.Services.GetRequiredService<PolicyBundle>().Revision, interaction.PolicyRevision);
        Assert.True(interaction.PromptTokens > 0);
        Assert.True(interaction.CompletionTokens > 0);
        Assert.True(interaction.LatencyMs >= 0);
        Assert.Equal(64, interaction.InputCommitment!.Length);
        Assert.Equal(64, interaction.OutputCommitment!.Length);
        Assert.False(string.IsNullOrEmpty(answer.Value.Content[0].Text));

        var report = Log.Verify();
        Assert.True(report.Ok, string.Join("\n", report.Problems));
        Assert.Equal(1, report.RecordCount);
    }

    [Fact]
    public async Task A_streamed_call_is_recorded_before_done()
    {
        var key = _gateway.CreateKey("sam", "support");
        var text = "";
        await foreach (var update in Chat(key, "support-slm").CompleteChatStreamingAsync("one two three"))
            text += string.Concat(update.ContentUpdate.Select(p => p.Text));
        var interaction = Assert.IsType<InteractionRecord>(Assert.Single(Records(), r => r.Record is InteractionRecord).Record);
        Assert.Equal("allow", interaction.Decision);
        Assert.True(interaction.CompletionTokens > 0);
        Assert.NotNull(interaction.OutputCommitment);
        Assert.Contains("three", text);
    }

    [Fact]
    public async Task A_denied_call_is_recorded_with_its_reasons_and_an_upstream_failure_as_an_error()
    {
        var support = _gateway.CreateKey("sam", "support");
        using var request = GatewayServer.Request(HttpMethod.Post, "/v1/chat/completions", support, """{"model":"support-slm","messages":[{"role":"user","content":"hi"}]}""");
        request.Headers.Add("x-gatehouse-purpose", "marketing");
        Assert.Equal(HttpStatusCode.Forbidden, (await _gateway.Http.SendAsync(request)).StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, (await _gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", support,
            """{"model":"down","messages":[{"role":"user","content":"hi"}]}""")).StatusCode);

        var interactions = Records().Select(r => r.Record).OfType<InteractionRecord>().ToList();
        Assert.Equal(2, interactions.Count);
        Assert.Equal("deny", interactions[0].Decision);
        Assert.Equal(403, interactions[0].Status);
        Assert.Equal(["purpose marketing is not allowed for the roles of sam"], interactions[0].Reasons);
        Assert.Equal("error", interactions[1].Decision);
        Assert.Equal(502, interactions[1].Status);
        Assert.Contains(interactions[1].Reasons, r => r.Contains("down", StringComparison.Ordinal));
        Assert.True(Log.Verify().Ok);
    }

    [Fact]
    public async Task Key_management_through_the_admin_api_is_recorded_without_the_secret()
    {
        var created = await _gateway.SendAsync(HttpMethod.Post, "/admin/keys", _gateway.AdminKey, """{"principal":"hank","tenant":"acme","roles":["analyst"]}""");
        var json = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        var id = json["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await _gateway.SendAsync(HttpMethod.Delete, $"/admin/keys/{id}", _gateway.AdminKey)).StatusCode);

        var admin = Records().Select(r => r.Record).OfType<AdminRecord>().ToList();
        Assert.Equal(["keys.create", "keys.revoke"], admin.Select(a => a.Action));
        Assert.All(admin, a => Assert.Equal(id, a.Target));
        Assert.Equal("hank", admin[0].Details["principal"]);
        var secret = json["key"]!.GetValue<string>();
        Assert.DoesNotContain(Enumerable.Range(0, (int)Log.Size), i => Log.ExportEntry(i).LeafJson.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_admin_api_pages_through_records_with_filters_and_proves_inclusion()
    {
        var sam = _gateway.CreateKey("sam", "support");
        var ann = _gateway.CreateKey("ann", "analyst");
        for (var i = 0; i < 5; i++)
            await _gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", i % 2 == 0 ? sam : ann, """{"model":"support-slm","messages":[{"role":"user","content":"hi"}]}""");

        var seen = new List<long>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var url = "/admin/audit/records?principal=sam&limit=2" + (cursor is null ? "" : "&cursor=" + cursor);
            var page = JsonNode.Parse(await (await _gateway.SendAsync(HttpMethod.Get, url, _gateway.AdminKey)).Content.ReadAsStringAsync())!;
            foreach (var entry in page["data"]!.AsArray())
            {
                Assert.Equal("sam", entry!["record"]!["principal"]!.GetValue<string>());
                seen.Add(entry["index"]!.GetValue<long>());
            }
            cursor = page["next_cursor"]?.GetValue<string>();
            pages++;
        }
        while (cursor is not null && pages < 10);
        Assert.Equal(3, seen.Count);
        Assert.Equal(seen.Order(), seen);
        Assert.Equal(2, pages);

        var denied = JsonNode.Parse(await (await _gateway.SendAsync(HttpMethod.Get, "/admin/audit/records?decision=deny", _gateway.AdminKey)).Content.ReadAsStringAsync())!;
        Assert.Empty(denied["data"]!.AsArray());
        await OpenAIErrorAssert.IsErrorAsync(await _gateway.SendAsync(HttpMethod.Get, "/admin/audit/records?limit=0", _gateway.AdminKey),
            HttpStatusCode.BadRequest, "invalid_request_error", "invalid_value");
        await OpenAIErrorAssert.IsErrorAsync(await _gateway.SendAsync(HttpMethod.Get, "/admin/audit/records?since=yesterday", _gateway.AdminKey),
            HttpStatusCode.BadRequest, "invalid_request_error", "invalid_value");

        // Each read of the log is itself an admin record.
        Assert.Contains(Records(), r => r.Record is AdminRecord { Action: "audit.query", Principal: "admin" });

        var checkpoint = await (await _gateway.SendAsync(HttpMethod.Get, "/admin/audit/checkpoint", _gateway.AdminKey)).Content.ReadAsStringAsync();
        Assert.StartsWith(Log.Origin + "\n", checkpoint);
        var proof = JsonNode.Parse(await (await _gateway.SendAsync(HttpMethod.Get, $"/admin/audit/proof/{seen[1]}", _gateway.AdminKey)).Content.ReadAsStringAsync())!;
        Assert.Equal(seen[1], proof["index"]!.GetValue<long>());
        Assert.True(proof["tree_size"]!.GetValue<long>() > seen[1]);
        Assert.NotEmpty(proof["proof"]!.AsArray());
        await OpenAIErrorAssert.IsErrorAsync(await _gateway.SendAsync(HttpMethod.Get, "/admin/audit/proof/99999", _gateway.AdminKey),
            HttpStatusCode.NotFound, "invalid_request_error", "record_not_found");
    }

    [Fact]
    public async Task An_erasure_of_an_unknown_subject_is_a_clear_404()
    {
        await OpenAIErrorAssert.IsErrorAsync(await _gateway.SendAsync(HttpMethod.Post, "/admin/audit/erase", _gateway.AdminKey, """{"subject":"nobody"}"""),
            HttpStatusCode.NotFound, "invalid_request_error", "subject_not_found");
        await OpenAIErrorAssert.IsErrorAsync(await _gateway.SendAsync(HttpMethod.Post, "/admin/audit/erase", _gateway.AdminKey, """{}"""),
            HttpStatusCode.BadRequest, "invalid_request_error", "missing_required_parameter");
    }
}
