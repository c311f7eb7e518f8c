using System.Text.Json.Nodes;
using Gatehouse.Gateway.Tests.Support;

namespace Gatehouse.Gateway.Tests;

/// <summary>What reaches the upstream and what comes back: unknown fields untouched, streams unbuffered, breaks reported.</summary>
public sealed class RelayTests : IAsyncLifetime
{
    private FakeUpstream _upstream = null!;
    private GatewayServer _gateway = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        var models = string.Join("\n", new[] { "echo", "gated-stream", "broken-stream", "no-done", "split-data" }.Select(m =>
            $"  {m}:\n    baseUrl: {_upstream.BaseUrl}\n    upstreamModel: {m}\n    responseTimeout: 10s\n    roles: ['*']"));
        // These tests check the relay itself (event by event, no buffering); the output guard's hold-back on top of it
        // is covered by DetectionOutputTests, so detection is off here.
        _gateway = await GatewayServer.StartAsync("models:\n" + models + "\ndetection:\n  enabled: false\n");
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task Unknown_request_fields_reach_the_upstream_unchanged_and_unknown_response_fields_come_back()
    {
        var request = """{"model":"echo","messages":[{"role":"user","content":"héllo \"q\" <b>"}],"temperature":0.25,"x_vendor":{"nested":[1,2,{"deep":null}]},"seed":7}""";
        var response = await _gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", _gateway.AdminKey, request);
        var text = await response.Content.ReadAsStringAsync();

        var sent = JsonNode.Parse(request)!.AsObject();
        sent["model"] = "echo";
        // The only field the gateway adds: the policy's max_tokens cap for the admin role (policies/default/roles.rego).
        sent["max_tokens"] = 8192;
        Assert.True(JsonNode.DeepEquals(sent, Assert.Single(_upstream.Received).Body));
        var body = JsonNode.Parse(text)!;
        Assert.True(body["x_upstream_extra"]!["kept"]!.GetValue<bool>());
        Assert.Equal("fp_fake", body["system_fingerprint"]!.GetValue<string>());
        Assert.Equal("echo: héllo \"q\" <b>", body["choices"]![0]!["message"]!["content"]!.GetValue<string>());
        // Text the output guard leaves as it is goes out byte for byte, escaped as the upstream escaped it.
        Assert.Contains(System.Text.Json.JsonSerializer.Serialize("echo: héllo \"q\" <b>"), text);
    }

    [Fact]
    public async Task A_whole_answer_is_sent_with_its_content_length_not_chunked()
    {
        var response = await _gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", _gateway.AdminKey, """{"model":"echo","messages":[{"role":"user","content":"hi"}]}""");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(bytes.Length, response.Content.Headers.ContentLength);
        Assert.NotEqual(true, response.Headers.TransferEncodingChunked);
        Assert.Equal("echo: hi", JsonNode.Parse(bytes)!["choices"]![0]!["message"]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_first_chunk_reaches_the_caller_before_the_upstream_has_finished()
    {
        using var request = GatewayServer.Request(HttpMethod.Post, "/v1/chat/completions", _gateway.AdminKey,
            """{"model":"gated-stream","stream":true,"messages":[{"role":"user","content":"a b c"}]}""");
        using var response = await _gateway.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        var first = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.StartsWith("data: ", first);
        Assert.Equal("gated-stream", JsonNode.Parse(first!["data: ".Length..])!["model"]!.GetValue<string>());
        Assert.False(_upstream.StreamFinished.Task.IsCompleted, "the upstream is still holding the rest of its stream");

        _upstream.Gate.SetResult();
        var rest = await reader.ReadToEndAsync();
        Assert.EndsWith("data: [DONE]\n\n", rest);
        Assert.True(_upstream.StreamFinished.Task.IsCompleted);
    }

    [Fact]
    public async Task An_event_whose_data_spans_several_lines_is_relayed_as_one_chunk()
    {
        var response = await _gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", _gateway.AdminKey,
            """{"model":"split-data","stream":true,"messages":[{"role":"user","content":"héllo 😀 wörld"}]}""");
        var text = await response.Content.ReadAsStringAsync();

        var events = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("data: [DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonNode.Parse(e["data: ".Length..])!).ToList();
        Assert.All(chunks, c => Assert.Equal("split-data", c["model"]!.GetValue<string>()));
        Assert.Equal("echo: héllo 😀 wörld", string.Concat(chunks.Select(c => c["choices"]![0]!["delta"]!["content"]?.GetValue<string>())));
    }

    [Fact]
    public async Task A_stream_broken_upstream_ends_with_an_error_event()
    {
        var text = await StreamAsync("broken-stream");
        Assert.Contains("\"content\":\"echo:\"", text);
        var last = text.Trim().Split("\n\n").Last();
        var error = JsonNode.Parse(last["data: ".Length..])!["error"]!;
        Assert.Equal("upstream_unavailable", error["code"]!.GetValue<string>());
        Assert.DoesNotContain("[DONE]", text);
    }

    [Fact]
    public async Task A_stream_that_ends_without_done_is_reported_not_truncated_silently()
    {
        var text = await StreamAsync("no-done");
        var last = text.Trim().Split("\n\n").Last();
        Assert.Contains("ended the stream before it finished", JsonNode.Parse(last["data: ".Length..])!["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_caller_that_disconnects_cancels_the_upstream_stream()
    {
        var request = GatewayServer.Request(HttpMethod.Post, "/v1/chat/completions", _gateway.AdminKey,
            """{"model":"gated-stream","stream":true,"messages":[{"role":"user","content":"x y z"}]}""");
        var response = await _gateway.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.StartsWith("data: ", await reader.ReadLineAsync());
        response.Dispose();
        request.Dispose();

        await _upstream.StreamAborted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(_upstream.StreamFinished.Task.IsCompleted);
    }

    [Fact]
    public async Task Completions_are_relayed_with_the_alias()
    {
        var response = await _gateway.SendAsync(HttpMethod.Post, "/v1/completions", _gateway.AdminKey, """{"model":"echo","prompt":"say it","max_tokens":5}""");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("echo: say it", body["choices"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("echo", body["model"]!.GetValue<string>());
        Assert.Equal(5, Assert.Single(_upstream.Received).Body["max_tokens"]!.GetValue<int>());
    }

    private async Task<string> StreamAsync(string model)
    {
        var response = await _gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", _gateway.AdminKey,
            $$"""{"model":"{{model}}","stream":true,"messages":[{"role":"user","content":"a b c d"}]}""");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return text;
    }
}
