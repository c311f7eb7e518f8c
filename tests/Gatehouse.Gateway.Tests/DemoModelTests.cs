using System.Net;
using System.Text.Json.Nodes;
using Gatehouse.Gateway.Tests.Support;
using OpenAI;
using OpenAI.Chat;
using System.ClientModel;

namespace Gatehouse.Gateway.Tests;

/// <summary>The built-in demo model: served with no config, labelled, deterministic, absent once a real model exists.</summary>
public sealed class DemoModelTests
{
    [Fact]
    public async Task With_no_config_the_demo_answers_the_sdk_deterministically_stream_and_not()
    {
        await using var gateway = await GatewayServer.StartAsync();
        var key = gateway.CreateKey("carol", "analyst");
        var chat = new OpenAIClient(new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = gateway.V1 }).GetChatClient("demo");

        // Plain lowercase words: the output guard holds back only the word still arriving, so they stream out one by one
        // although the whole answer is shorter than the guard's 192-character cap.
        var prompt = string.Join(' ', Enumerable.Repeat("ping pong", 12));
        ChatCompletion whole = await chat.CompleteChatAsync([new UserChatMessage(prompt)]);
        var streamed = new List<string>();
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage(prompt)]))
            streamed.AddRange(update.ContentUpdate.Select(p => p.Text));

        Assert.Equal("(demo) You said: " + prompt, whole.Content[0].Text);
        Assert.Equal("demo", whole.Model);
        Assert.Equal(24, whole.Usage.InputTokenCount); // the demo counts words
        Assert.Equal(whole.Content[0].Text, string.Concat(streamed));
        Assert.True(streamed.Count(p => p.Length > 0) >= 5, "the demo streams word by word");
    }

    [Fact]
    public async Task Demo_is_labelled_in_models()
    {
        await using var gateway = await GatewayServer.StartAsync();
        var response = await gateway.SendAsync(HttpMethod.Get, "/v1/models", gateway.AdminKey);
        var model = Assert.Single(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]!.AsArray())!;
        Assert.Equal("demo", model["id"]!.GetValue<string>());
        Assert.Equal("gatehouse-demo", model["owned_by"]!.GetValue<string>());
        Assert.True(model["gatehouse"]!["demo"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Demo_completions_and_embeddings_work()
    {
        await using var gateway = await GatewayServer.StartAsync();
        var completion = await gateway.SendAsync(HttpMethod.Post, "/v1/completions", gateway.AdminKey, """{"model":"demo","prompt":"abc"}""");
        Assert.Equal("(demo) You said: abc", JsonNode.Parse(await completion.Content.ReadAsStringAsync())!["choices"]![0]!["text"]!.GetValue<string>());
        var embeddings = await gateway.SendAsync(HttpMethod.Post, "/v1/embeddings", gateway.AdminKey, """{"model":"demo","input":["a","b"]}""");
        var data = JsonNode.Parse(await embeddings.Content.ReadAsStringAsync())!["data"]!.AsArray();
        Assert.Equal(2, data.Count);
        Assert.Equal(8, data[0]!["embedding"]!.AsArray().Count);
    }

    [Fact]
    public async Task Once_a_real_model_is_configured_the_demo_is_gone()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var gateway = await GatewayServer.StartAsync($"models:\n  real:\n    baseUrl: {upstream.BaseUrl}\n");
        var response = await gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", gateway.AdminKey,
            """{"model":"demo","messages":[{"role":"user","content":"hi"}]}""");
        await OpenAIErrorAssert.IsErrorAsync(response, HttpStatusCode.NotFound, "invalid_request_error", "model_not_found");
    }
}
