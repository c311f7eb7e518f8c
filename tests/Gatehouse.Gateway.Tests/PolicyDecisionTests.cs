using System.ClientModel;
using System.Net;
using System.Text.Json.Nodes;
using Gatehouse.Gateway.Tests.Support;
using Gatehouse.Testing;
using OpenAI;
using OpenAI.Chat;

namespace Gatehouse.Gateway.Tests;

/// <summary>
/// The shipped bundle decides real calls through the real gateway: allowed, denied with the policy's reasons in the
/// OpenAI error, /v1/models filtered per caller, and admin routes decided by policy.
/// </summary>
public sealed class PolicyDecisionTests : IAsyncLifetime
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
              clinical-slm:
                baseUrl: {_upstream.BaseUrl}
                upstreamModel: echo
            """);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    private ChatClient Chat(string key, string model) =>
        new OpenAIClient(new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = _gateway.V1 }).GetChatClient(model);

    [Fact]
    public async Task A_role_listed_for_the_model_is_answered()
    {
        var answer = await Chat(_gateway.CreateKey("sam", "support"), "support-slm").CompleteChatAsync("hello there");
        Assert.Contains("hello there", answer.Value.Content[0].Text);
    }

    [Fact]
    public async Task A_role_not_listed_is_refused_with_the_policy_reason_in_the_error()
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() => Chat(_gateway.CreateKey("sam", "support"), "clinical-slm").CompleteChatAsync("hi"));
        Assert.Equal(403, error.Status);
        Assert.Contains("no role of sam may use model clinical-slm", error.Message);
        Assert.Empty(_upstream.Received);
    }

    [Fact]
    public async Task A_purpose_the_role_may_not_declare_is_refused()
    {
        using var request = GatewayServer.Request(HttpMethod.Post, "/v1/chat/completions", _gateway.CreateKey("sam", "support"),
            """{"model":"support-slm","messages":[{"role":"user","content":"hi"}]}""");
        request.Headers.Add("x-gatehouse-purpose", "marketing");
        var body = await OpenAIErrorAssert.IsErrorAsync(await _gateway.Http.SendAsync(request), HttpStatusCode.Forbidden, "permission_error", "permission_denied");
        Assert.Contains("purpose marketing is not allowed for the roles of sam", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Max_tokens_above_the_role_limit_is_refused_and_within_it_capped()
    {
        var key = _gateway.CreateKey("sam", "support");
        var denied = await _gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", key,
            """{"model":"support-slm","max_tokens":5000,"messages":[{"role":"user","content":"hi"}]}""");
        var body = await OpenAIErrorAssert.IsErrorAsync(denied, HttpStatusCode.Forbidden, "permission_error", "permission_denied");
        Assert.Contains("max_tokens 5000 exceeds the limit of 1024", body["message"]!.GetValue<string>());

        var allowed = await _gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", key, """{"model":"support-slm","messages":[{"role":"user","content":"hi"}]}""");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(1024, Assert.Single(_upstream.Received).Body["max_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_model_list_shows_each_caller_only_what_policy_lets_them_call()
    {
        async Task<string[]> Listed(string key)
        {
            var response = await _gateway.SendAsync(HttpMethod.Get, "/v1/models", key);
            var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            return json["data"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()).Order().ToArray();
        }

        // The demo model is not served once real upstreams are configured.
        Assert.Equal(["support-slm"], await Listed(_gateway.CreateKey("sam", "support")));
        Assert.Equal(["clinical-slm"], await Listed(_gateway.CreateKey("cleo", "clinician")));
        Assert.Empty(await Listed(_gateway.CreateKey("audrey", "auditor")));
        Assert.Equal(["clinical-slm", "support-slm"], await Listed(_gateway.AdminKey));
    }

    [Fact]
    public async Task The_policy_admin_endpoint_reports_the_embedded_bundle_when_no_directory_exists()
    {
        var response = await _gateway.SendAsync(HttpMethod.Get, "/admin/policy", _gateway.AdminKey);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(64, json["revision"]!.GetValue<string>().Length);
        Assert.Equal("loaded", json["status"]!.GetValue<string>());
    }
}
