using System.Net;
using System.Text.Json.Nodes;
using Gatehouse.Gateway.Pipeline;
using Gatehouse.Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Gateway.Tests;

/// <summary>Upstreams that are down, slow or failing: retries and fallbacks only where nothing can have reached a model.</summary>
public sealed class UpstreamFailureTests
{
    private const string Chat = """{"model":"primary","messages":[{"role":"user","content":"hi"}]}""";

    [Fact]
    public async Task A_down_upstream_with_no_fallback_is_502()
    {
        await using var gateway = await GatewayServer.StartAsync($"models:\n  primary:\n    baseUrl: http://127.0.0.1:{ClosedPort.Get()}/v1\n    retries: 1\n");
        var response = await gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", gateway.AdminKey, Chat);
        var error = await OpenAIErrorAssert.IsErrorAsync(response, HttpStatusCode.BadGateway, "upstream_error", "upstream_unavailable");
        Assert.Contains("attempt 2", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_connect_failure_falls_back_to_the_next_upstream_in_order()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        var audit = new RecordingAuditSink();
        await using var gateway = await GatewayServer.StartAsync($"""
            models:
              primary:
                baseUrl: http://127.0.0.1:{ClosedPort.Get()}/v1
                retries: 2
                fallbacks: [secondary, tertiary]
              secondary:
                baseUrl: http://127.0.0.1:{ClosedPort.Get()}/v1
                retries: 0
              tertiary:
                baseUrl: {upstream.BaseUrl}
                upstreamModel: echo
            """, services => services.AddSingleton<IAuditSink>(audit));

        var response = await gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", gateway.AdminKey, Chat);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("primary", body["model"]!.GetValue<string>());
        Assert.Equal("echo", Assert.Single(upstream.Received).Body["model"]!.GetValue<string>());
        Assert.Equal("tertiary", Assert.Single(audit.Records).ServedBy);
    }

    [Fact]
    public async Task A_request_that_reached_a_model_is_never_replayed_on_a_fallback()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var gateway = await GatewayServer.StartAsync($"""
            models:
              primary:
                baseUrl: {upstream.BaseUrl}
                upstreamModel: fail-500
                retries: 3
                fallbacks: [backup]
              backup:
                baseUrl: {upstream.BaseUrl}
                upstreamModel: echo
            """);
        var response = await gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", gateway.AdminKey, Chat);
        var error = await OpenAIErrorAssert.IsErrorAsync(response, HttpStatusCode.BadGateway, "upstream_error", "upstream_unavailable");
        Assert.Contains("HTTP 500", error["message"]!.GetValue<string>());
        Assert.Equal("fail-500", Assert.Single(upstream.Received).Body["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_upstream_that_does_not_answer_in_time_is_504()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var gateway = await GatewayServer.StartAsync($"models:\n  primary:\n    baseUrl: {upstream.BaseUrl}\n    upstreamModel: slow-headers\n    responseTimeout: 300ms\n");
        var response = await gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", gateway.AdminKey, Chat);
        await OpenAIErrorAssert.IsErrorAsync(response, HttpStatusCode.GatewayTimeout, "upstream_error", "upstream_timeout");
    }

    [Fact]
    public async Task An_upstream_400_is_relayed_as_the_callers_error()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var gateway = await GatewayServer.StartAsync($"models:\n  primary:\n    baseUrl: {upstream.BaseUrl}\n    upstreamModel: bad-request\n");
        var response = await gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", gateway.AdminKey, Chat);
        var error = await OpenAIErrorAssert.IsErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "upstream_rejected_request");
        Assert.Equal("temperature", error["param"]!.GetValue<string>());
        Assert.Contains("temperature too high", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_gateway_keeps_serving_after_upstream_failures()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var gateway = await GatewayServer.StartAsync($"""
            models:
              primary:
                baseUrl: {upstream.BaseUrl}
                upstreamModel: fail-500
              good:
                baseUrl: {upstream.BaseUrl}
                upstreamModel: echo
            """);
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.BadGateway, (await gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", gateway.AdminKey, Chat)).StatusCode);
        var ok = await gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", gateway.AdminKey, Chat.Replace("primary", "good"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }
}
