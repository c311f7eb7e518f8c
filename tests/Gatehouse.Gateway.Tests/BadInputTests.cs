using System.Net;
using Gatehouse.Gateway.Tests.Support;

namespace Gatehouse.Gateway.Tests;

/// <summary>Every kind of bad input gets the right status and the exact OpenAI error shape, and the gateway keeps serving.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private GatewayServer _gateway = null!;

    public async Task InitializeAsync() => _gateway = await GatewayServer.StartAsync("server:\n  maxRequestBodyBytes: 4096\nlimits:\n  requestsPerMinute: 1000\n");

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private Task<HttpResponseMessage> Chat(string json, string? key = "admin") =>
        _gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", key == "admin" ? _gateway.AdminKey : key, json);

    [Theory]
    [InlineData("{\"model\":\"demo\",", "invalid_json")]
    [InlineData("not json at all", "invalid_json")]
    [InlineData("[1,2]", "invalid_json")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "missing_required_parameter")]
    [InlineData("{\"model\":42,\"messages\":[]}", "invalid_type")]
    [InlineData("{\"model\":\"demo\"}", "missing_required_parameter")]
    [InlineData("{\"model\":\"demo\",\"messages\":\"hi\"}", "invalid_type")]
    [InlineData("{\"model\":\"demo\",\"messages\":[]}", "invalid_value")]
    [InlineData("{\"model\":\"demo\",\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "invalid_type")]
    public async Task Malformed_requests_are_400(string json, string code)
    {
        await OpenAIErrorAssert.IsErrorAsync(await Chat(json), HttpStatusCode.BadRequest, "invalid_request_error", code);
    }

    [Fact]
    public async Task Missing_model_names_the_parameter()
    {
        var error = await OpenAIErrorAssert.IsErrorAsync(await Chat("""{"messages":[]}"""), HttpStatusCode.BadRequest, "invalid_request_error", "missing_required_parameter");
        Assert.Equal("model", error["param"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_model_is_404()
    {
        var error = await OpenAIErrorAssert.IsErrorAsync(await Chat("""{"model":"gpt-9","messages":[{"role":"user","content":"x"}]}"""),
            HttpStatusCode.NotFound, "invalid_request_error", "model_not_found");
        Assert.Contains("gpt-9", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Body_over_the_limit_is_413()
    {
        var big = """{"model":"demo","messages":[{"role":"user","content":" """ + new string('x', 8000) + "\"}]}";
        await OpenAIErrorAssert.IsErrorAsync(await Chat(big), HttpStatusCode.RequestEntityTooLarge, "invalid_request_error", "request_too_large");
    }

    [Fact]
    public async Task Chunked_body_over_the_limit_is_413_too()
    {
        var big = """{"model":"demo","messages":[{"role":"user","content":" """ + new string('x', 8000) + "\"}]}";
        var request = GatewayServer.Request(HttpMethod.Post, "/v1/chat/completions", _gateway.AdminKey);
        request.Content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(big)));
        request.Headers.TransferEncodingChunked = true;
        await OpenAIErrorAssert.IsErrorAsync(await _gateway.Http.SendAsync(request), HttpStatusCode.RequestEntityTooLarge, "invalid_request_error", "request_too_large");
    }

    [Fact]
    public async Task No_key_wrong_key_and_garbage_are_401()
    {
        const string json = """{"model":"demo","messages":[{"role":"user","content":"x"}]}""";
        await OpenAIErrorAssert.IsErrorAsync(await Chat(json, null), HttpStatusCode.Unauthorized, "authentication_error", "missing_api_key");
        var wrongSecret = _gateway.AdminKey[..^4] + "AAAA";
        await OpenAIErrorAssert.IsErrorAsync(await Chat(json, wrongSecret), HttpStatusCode.Unauthorized, "authentication_error", "invalid_api_key");
        await OpenAIErrorAssert.IsErrorAsync(await Chat(json, "gh_000000000000_" + new string('a', 43)), HttpStatusCode.Unauthorized, "authentication_error", "invalid_api_key");
        await OpenAIErrorAssert.IsErrorAsync(await Chat(json, "sk-something"), HttpStatusCode.Unauthorized, "authentication_error", "invalid_api_key");
    }

    [Fact]
    public async Task A_revoked_key_is_401()
    {
        var key = _gateway.CreateKey("dave", "analyst");
        Assert.Equal(HttpStatusCode.OK, (await _gateway.SendAsync(HttpMethod.Get, "/v1/models", key)).StatusCode);
        Assert.True(_gateway.Store.Revoke(key.Split('_')[1]));
        var error = await OpenAIErrorAssert.IsErrorAsync(await _gateway.SendAsync(HttpMethod.Get, "/v1/models", key), HttpStatusCode.Unauthorized, "authentication_error", "invalid_api_key");
        Assert.Contains("revoked", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_expired_key_is_401()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var gateway = await GatewayServer.StartAsync(clock: clock);
        var key = gateway.Store.Create("erin", "acme", ["analyst"], clock.GetUtcNow().AddMinutes(5)).Key;
        Assert.Equal(HttpStatusCode.OK, (await gateway.SendAsync(HttpMethod.Get, "/v1/models", key)).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(6));
        var error = await OpenAIErrorAssert.IsErrorAsync(await gateway.SendAsync(HttpMethod.Get, "/v1/models", key), HttpStatusCode.Unauthorized, "authentication_error", "invalid_api_key");
        Assert.Contains("expired", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Admin_routes_need_the_admin_role()
    {
        var analyst = _gateway.CreateKey("frank", "analyst");
        await OpenAIErrorAssert.IsErrorAsync(await _gateway.SendAsync(HttpMethod.Get, "/admin/keys", analyst), HttpStatusCode.Forbidden, "permission_error", "permission_denied");
        await OpenAIErrorAssert.IsErrorAsync(await _gateway.SendAsync(HttpMethod.Get, "/admin/keys", null), HttpStatusCode.Unauthorized, "authentication_error", "missing_api_key");
    }

    [Fact]
    public async Task Unknown_routes_are_401_to_strangers_and_404_to_callers()
    {
        await OpenAIErrorAssert.IsErrorAsync(await _gateway.SendAsync(HttpMethod.Get, "/v1/nothing", null), HttpStatusCode.Unauthorized, "authentication_error", "missing_api_key");
        var error = await OpenAIErrorAssert.IsErrorAsync(await _gateway.SendAsync(HttpMethod.Get, "/v1/nothing", _gateway.AdminKey), HttpStatusCode.NotFound, "invalid_request_error", "unknown_url");
        Assert.Contains("GET /v1/nothing", error["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("GET", "/v1/chat/completions", "POST")]
    [InlineData("PUT", "/v1/completions", "POST")]
    [InlineData("DELETE", "/v1/embeddings", "POST")]
    [InlineData("POST", "/v1/models", "GET")]
    [InlineData("POST", "/v1/models/demo", "GET")]
    public async Task A_known_route_with_the_wrong_method_is_405_with_an_allow_header(string method, string path, string allow)
    {
        var response = await _gateway.SendAsync(new HttpMethod(method), path, _gateway.AdminKey, method is "GET" or "DELETE" ? null : "{}");
        var error = await OpenAIErrorAssert.IsErrorAsync(response, HttpStatusCode.MethodNotAllowed, "invalid_request_error", "method_not_allowed");
        Assert.Equal([allow], response.Content.Headers.Allow);
        Assert.Contains($"{method} {path}", error["message"]!.GetValue<string>());
        Assert.Contains(allow, error["message"]!.GetValue<string>());
        // Strangers still learn nothing about routes before authenticating.
        await OpenAIErrorAssert.IsErrorAsync(await _gateway.SendAsync(new HttpMethod(method), path, null), HttpStatusCode.Unauthorized, "authentication_error", "missing_api_key");
    }

    [Fact]
    public async Task A_sane_caller_request_id_is_kept_and_an_insane_one_replaced()
    {
        var request = GatewayServer.Request(HttpMethod.Get, "/v1/models", _gateway.AdminKey);
        request.Headers.Add("x-request-id", "trace-123.abc");
        Assert.Equal("trace-123.abc", (await _gateway.Http.SendAsync(request)).Headers.GetValues("x-request-id").Single());

        var bad = GatewayServer.Request(HttpMethod.Get, "/v1/models", null);
        bad.Headers.TryAddWithoutValidation("x-request-id", "has spaces and <script>");
        var id = (await _gateway.Http.SendAsync(bad)).Headers.GetValues("x-request-id").Single();
        Assert.StartsWith("req_", id);
    }

    [Fact]
    public async Task Liveness_and_readiness_answer_without_credentials_and_say_nothing_sensitive()
    {
        var live = await _gateway.SendAsync(HttpMethod.Get, "/healthz", null);
        var ready = await _gateway.SendAsync(HttpMethod.Get, "/readyz", null);
        Assert.Equal("""{"status":"ok"}""", await live.Content.ReadAsStringAsync());
        Assert.Equal("""{"status":"ready"}""", await ready.Content.ReadAsStringAsync());
        Assert.True(live.Headers.Contains("x-request-id"));
    }
}
