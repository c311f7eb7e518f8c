using System.Net;
using System.Text.Json.Nodes;
using Gatehouse.Gateway.Pipeline;
using Gatehouse.Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Gateway.Tests;

/// <summary>
/// How a stream ends when something goes wrong after its headers went out (an upstream that stalls mid-way, an audit
/// record that cannot be committed): always with an OpenAI-shaped error event that says why, never a silent
/// truncation, and the gateway keeps serving. Also the legacy <c>/v1/completions</c> stream under the output guard.
/// </summary>
public sealed class StreamEndingTests
{
    private const string Card = "4111 1111 1111 1111";

    [Fact]
    public async Task An_upstream_that_stalls_mid_stream_ends_it_with_a_timeout_event_and_the_gateway_keeps_serving()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        var audit = new RecordingAuditSink();
        await using var gateway = await GatewayServer.StartAsync(
            $"models:\n  stalls:\n    baseUrl: {upstream.BaseUrl}\n    upstreamModel: gated-stream\n    responseTimeout: 500ms\n" +
            $"  echo:\n    baseUrl: {upstream.BaseUrl}\n    upstreamModel: echo\n    responseTimeout: 10s\n",
            s => s.AddSingleton<IAuditSink>(audit));

        // The upstream sends its first word, then holds the stream open and silent (its gate is never opened).
        var response = await gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", gateway.AdminKey,
            """{"model":"stalls","stream":true,"messages":[{"role":"user","content":"one two three"}]}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var raw = await response.Content.ReadAsStringAsync();

        Assert.DoesNotContain("[DONE]", raw);
        var events = SseText.Events(raw);
        var error = AssertEndsWithError(events, "upstream_error", "upstream_timeout");
        Assert.Contains("'stalls'", error["message"]!.GetValue<string>());
        Assert.Contains("0.5s", error["message"]!.GetValue<string>());
        // What the output guard still held back of the first word ("echo:") is not released unguarded after the cut.
        Assert.DoesNotContain("three", SseText.Content(raw));
        Assert.Equal("upstream_timeout", Assert.Single(audit.Records).ErrorCode);

        // The same gateway answers the next stream in full.
        var next = await gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", gateway.AdminKey,
            """{"model":"echo","stream":true,"messages":[{"role":"user","content":"still here"}]}""");
        var nextRaw = await next.Content.ReadAsStringAsync();
        Assert.EndsWith("data: [DONE]\n\n", nextRaw);
        Assert.Equal("echo: still here", SseText.Content(nextRaw));
    }

    [Theory]
    [InlineData("/v1/chat/completions", """{"model":"echo","stream":true,"messages":[{"role":"user","content":"hello there"}]}""")]
    [InlineData("/v1/completions", """{"model":"echo","stream":true,"prompt":"hello there"}""")]
    public async Task A_stream_whose_audit_record_cannot_be_committed_ends_with_an_audit_unavailable_event(string path, string body)
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var gateway = await GatewayServer.StartAsync(
            $"models:\n  echo:\n    baseUrl: {upstream.BaseUrl}\n    upstreamModel: echo\n",
            s => s.AddSingleton<IAuditSink, FailingAuditSink>());

        var response = await gateway.SendAsync(HttpMethod.Post, path, gateway.AdminKey, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var raw = await response.Content.ReadAsStringAsync();

        Assert.DoesNotContain("[DONE]", raw);
        var error = AssertEndsWithError(SseText.Events(raw), "server_error", "audit_unavailable");
        Assert.Contains("audit record could not be committed", error["message"]!.GetValue<string>());
        Assert.True(raw.EndsWith("\n\n", StringComparison.Ordinal), "the error event is a complete SSE event");

        // Non-stream answers are withheld with a 503, and the gateway keeps serving.
        var whole = await gateway.SendAsync(HttpMethod.Post, path, gateway.AdminKey, body.Replace("\"stream\":true", "\"stream\":false"));
        await OpenAIErrorAssert.IsErrorAsync(whole, HttpStatusCode.ServiceUnavailable, "server_error", "audit_unavailable");
        Assert.Equal(HttpStatusCode.OK, (await gateway.SendAsync(HttpMethod.Get, "/healthz", null)).StatusCode);
    }

    [Fact]
    public async Task A_streamed_legacy_completion_passes_the_output_guard_chunk_by_chunk()
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit());
        setup.Upstream.Script = _ => AnswerPiece.Content($"Card on file: {Card}. Thanks for asking.", 3);
        var response = await setup.Gateway.SendAsync(HttpMethod.Post, "/v1/completions", setup.Gateway.AdminKey,
            """{"model":"m","stream":true,"prompt":"which card?"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var raw = await response.Content.ReadAsStringAsync();

        Assert.DoesNotContain("4111", raw);
        Assert.EndsWith("data: [DONE]\n\n", raw);
        var events = SseText.Events(raw);
        Assert.All(events, e => Assert.Equal("text_completion", e["object"]!.GetValue<string>()));
        Assert.All(events, e => Assert.Equal("m", e["model"]!.GetValue<string>()));
        Assert.True(events.Count > 3, "the answer is relayed in several events, not buffered into one");
        var text = string.Concat(events.Select(e => e["choices"]![0]!["text"]!.GetValue<string>()));
        Assert.StartsWith("Card on file: ", text);
        Assert.EndsWith(". Thanks for asking.", text);
        Assert.Contains("1111", text); // masked, last four kept
        var record = Assert.Single(setup.Audit.Records);
        Assert.Equal("completions", record.Endpoint);
        Assert.Contains("CREDIT_CARD", record.OutputFindings.Select(f => f.EntityType));
        Assert.Equal("which card?", Assert.Single(setup.Upstream.Received)["prompt"]!.GetValue<string>());
    }

    private static JsonObject AssertEndsWithError(List<JsonObject> events, string type, string code)
    {
        Assert.NotEmpty(events);
        Assert.All(events[..^1], e => Assert.Null(e["error"]));
        Assert.Equal(["error"], events[^1].Select(p => p.Key));
        var error = events[^1]["error"]!.AsObject();
        Assert.Equal(["message", "type", "param", "code"], error.Select(p => p.Key));
        Assert.Equal(type, error["type"]!.GetValue<string>());
        Assert.Equal(code, error["code"]!.GetValue<string>());
        return error;
    }

    /// <summary>An audit stage whose store refuses every write (a full disk, a locked database).</summary>
    private sealed class FailingAuditSink : IAuditSink
    {
        public ValueTask RecordAsync(GatewayContext context, CancellationToken cancellationToken) => throw new IOException("disk full");
    }
}
