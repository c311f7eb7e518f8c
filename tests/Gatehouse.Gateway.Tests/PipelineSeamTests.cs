using System.Net;
using System.Text.Json.Nodes;
using Gatehouse.Gateway.Pipeline;
using Gatehouse.Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Gateway.Tests;

/// <summary>
/// The pipeline's stages are seams: replacing one through DI changes exactly that step. These tests wire small
/// test implementations in and check the order and data the pipeline hands them.
/// </summary>
public sealed class PipelineSeamTests
{
    private const string Chat = """{"model":"demo","stream":STREAM,"messages":[{"role":"user","content":"secret plan"}]}""";

    [Fact]
    public async Task The_default_stages_are_detection_the_rego_decider_and_the_audit_log()
    {
        await using var gateway = await GatewayServer.StartAsync();
        var stages = gateway.Services.GetRequiredService<GatewayStages>();
        Assert.IsType<Gatehouse.Gateway.DataProtection.DetectionInspector>(stages.Inspector);
        Assert.IsType<Gatehouse.Gateway.Policy.RegoPolicyDecider>(stages.Decider);
        Assert.IsType<Gatehouse.Gateway.DataProtection.DetectionOutputGuard>(stages.OutputGuard);
        Assert.IsType<Gatehouse.Gateway.Audit.AuditLogSink>(stages.Audit);
        Assert.IsType<Gatehouse.Gateway.DataProtection.DetectionTransformer>(stages.Transformer);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_replacement_output_guard_sees_and_transforms_the_text_stream_and_not(bool stream)
    {
        await using var gateway = await GatewayServer.StartAsync(configureServices: s => s.AddSingleton<IOutputGuard, UpperCaseGuard>());
        var response = await gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", gateway.AdminKey, Chat.Replace("STREAM", stream ? "true" : "false"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("SECRET", text);
        Assert.DoesNotContain("secret", text);
        if (stream)
            Assert.Contains("[HELD]", text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_answer_whose_audit_record_cannot_be_committed_is_withheld(bool stream)
    {
        await using var gateway = await GatewayServer.StartAsync(configureServices: s => s.AddSingleton<IAuditSink, FailingAuditSink>());
        var response = await gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", gateway.AdminKey, Chat.Replace("STREAM", stream ? "true" : "false"));
        if (!stream)
        {
            await OpenAIErrorAssert.IsErrorAsync(response, System.Net.HttpStatusCode.ServiceUnavailable, "server_error", "audit_unavailable");
            return;
        }
        // Headers went out with the first event; the end of the stream ([DONE]) never does without a record. The
        // stream ends with an error event that says why, so the client does not mistake it for a cut connection.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("[DONE]", body);
        var events = SseText.Events(body);
        var error = events[^1]["error"]!.AsObject();
        Assert.Equal(["message", "type", "param", "code"], error.Select(p => p.Key));
        Assert.Equal("server_error", error["type"]!.GetValue<string>());
        Assert.Equal("audit_unavailable", error["code"]!.GetValue<string>());
        Assert.Contains("audit record", error["message"]!.GetValue<string>());
        Assert.All(events[..^1], e => Assert.Null(e["error"]));

        // The gateway keeps serving afterwards.
        var models = await gateway.SendAsync(HttpMethod.Get, "/v1/models", gateway.AdminKey);
        Assert.Equal(HttpStatusCode.OK, models.StatusCode);
    }

    /// <summary>An audit stage whose store refuses every write (a full disk, a locked database).</summary>
    private sealed class FailingAuditSink : IAuditSink
    {
        public ValueTask RecordAsync(GatewayContext context, CancellationToken cancellationToken) =>
            throw new IOException("disk full");
    }

    [Fact]
    public async Task Every_request_past_authentication_reaches_the_audit_stage_with_its_context()
    {
        var audit = new RecordingAuditSink();
        await using var gateway = await GatewayServer.StartAsync(configureServices: s => s.AddSingleton<IAuditSink>(audit));
        var request = GatewayServer.Request(HttpMethod.Post, "/v1/chat/completions", gateway.AdminKey, Chat.Replace("STREAM", "false"));
        request.Headers.Add("x-gatehouse-purpose", "support-ticket");
        request.Headers.Add("x-request-id", "trace-1");
        await gateway.Http.SendAsync(request);
        await gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", gateway.AdminKey, """{"model":"nope","messages":[{"role":"user","content":"x"}]}""");

        var records = audit.Records.ToArray();
        Assert.Equal(2, records.Length);
        var ok = records[0];
        Assert.Equal("trace-1", ok.RequestId);
        Assert.Equal("support-ticket", ok.Purpose);
        Assert.Equal("chat.completions", ok.Endpoint);
        Assert.Equal("demo", ok.ServedBy);
        Assert.Equal(200, ok.Status);
        Assert.True(ok.Decision!.Allow);
        Assert.Equal(2, ok.PromptTokens);
        Assert.Equal(5, ok.CompletionTokens);
        Assert.Contains("forward", ok.Timings.Keys);
        Assert.Equal(404, records[1].Status);
        Assert.Equal("model_not_found", records[1].ErrorCode);
    }

    [Fact]
    public async Task A_replacement_decider_is_the_single_place_access_is_decided_and_its_reasons_reach_the_caller()
    {
        await using var gateway = await GatewayServer.StartAsync(configureServices: s => s.AddSingleton<IPolicyDecider, PurposeDecider>());
        var denied = await gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", gateway.AdminKey, Chat.Replace("STREAM", "false"));
        var error = await OpenAIErrorAssert.IsErrorAsync(denied, HttpStatusCode.Forbidden, "permission_error", "permission_denied");
        Assert.Contains("a purpose is required", error["message"]!.GetValue<string>());
        var models = JsonNode.Parse(await (await gateway.SendAsync(HttpMethod.Get, "/v1/models", gateway.AdminKey)).Content.ReadAsStringAsync())!;
        Assert.Empty(models["data"]!.AsArray());
    }

    [Fact]
    public async Task A_decision_limit_on_max_tokens_is_applied_by_the_transform_stage()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var gateway = await GatewayServer.StartAsync($"models:\n  m:\n    baseUrl: {upstream.BaseUrl}\n    upstreamModel: echo\n",
            s => s.AddSingleton<IPolicyDecider>(new FixedDecider(GatewayDecision.Permit(new DecisionLimits(16, null, null), "capped"))));
        await gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", gateway.AdminKey, """{"model":"m","max_tokens":500,"messages":[{"role":"user","content":"x"}]}""");
        await gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", gateway.AdminKey, """{"model":"m","messages":[{"role":"user","content":"x"}]}""");
        var bodies = upstream.Received.Select(r => r.Body).ToArray();
        Assert.Equal(16, bodies[0]["max_tokens"]!.GetValue<int>());
        Assert.Equal(16, bodies[1]["max_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task Requests_over_the_per_minute_limit_are_429_with_retry_after()
    {
        await using var gateway = await GatewayServer.StartAsync("limits:\n  requestsPerMinute: 2\n");
        var key = gateway.CreateKey("gina", "analyst");
        var json = Chat.Replace("STREAM", "false");
        Assert.Equal(HttpStatusCode.OK, (await gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", key, json)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", key, json)).StatusCode);
        var limited = await gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", key, json);
        await OpenAIErrorAssert.IsErrorAsync(limited, HttpStatusCode.TooManyRequests, "rate_limit_error", "rate_limit_exceeded");
        Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        // Another principal has its own window.
        Assert.Equal(HttpStatusCode.OK, (await gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", gateway.AdminKey, json)).StatusCode);
    }

    [Fact]
    public async Task The_no_findings_inspector_finds_nothing_and_says_so_by_its_name()
    {
        var context = new GatewayContext("r", new Gatehouse.Gateway.Identity.Principal("p", "t", [], new Dictionary<string, IReadOnlyList<string>>(), Gatehouse.Gateway.Identity.AuthMethod.ApiKey, "k"), "chat.completions", DateTimeOffset.UtcNow)
        {
            RequestBody = JsonNode.Parse("""{"messages":[{"role":"user","content":"alice@example.com"}]}""")!.AsObject(),
        };
        await new NoFindingsInspector().InspectAsync(context, CancellationToken.None);
        Assert.Empty(context.InputFindings);
    }

    private sealed class UpperCaseGuard : IOutputGuard
    {
        public IOutputGuardSession Open(GatewayContext context) => new Session();

        private sealed class Session : IOutputGuardSession
        {
            public string GuardText(int choiceIndex, string text) => text.ToUpperInvariant();

            public string GuardDelta(int choiceIndex, string delta) => delta.ToUpperInvariant();

            public string Flush(int choiceIndex) => "[HELD]";
        }
    }

    private sealed class PurposeDecider : IPolicyDecider
    {
        public ValueTask<GatewayDecision> DecideAsync(GatewayContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(context.Purpose is null ? GatewayDecision.Deny("a purpose is required") : GatewayDecision.Permit(DecisionLimits.None));
    }

    private sealed class FixedDecider(GatewayDecision decision) : IPolicyDecider
    {
        public ValueTask<GatewayDecision> DecideAsync(GatewayContext context, CancellationToken cancellationToken) => ValueTask.FromResult(decision);
    }
}
