using System.ClientModel;
using Gatehouse.Gateway.Tests.Support;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;

namespace Gatehouse.Gateway.Tests;

/// <summary>The official OpenAI .NET SDK, unchanged, against the real gateway and a real upstream server.</summary>
public sealed class OpenAISdkTests : IAsyncLifetime
{
    private FakeUpstream _upstream = null!;
    private GatewayServer _gateway = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _gateway = await GatewayServer.StartAsync($"""
            models:
              small:
                baseUrl: {_upstream.BaseUrl}
                upstreamModel: echo
                apiKey: upstream-secret
                roles: [analyst]
                labels: {"{"}family: fake{"}"}
              embedder:
                baseUrl: {_upstream.BaseUrl}
                upstreamModel: embed-v1
                roles: ["*"]
            detection:
              enabled: false
            """);
        // Detection is off: these tests pin the wire format event by event; DetectionOutputTests covers the guard.
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    private OpenAIClient Client(string key) => new(new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = _gateway.V1 });

    [Fact]
    public async Task Chat_completion_goes_through_with_the_alias_rewritten_both_ways()
    {
        var key = _gateway.CreateKey("alice", "analyst");
        ChatCompletion completion = await Client(key).GetChatClient("small").CompleteChatAsync([new UserChatMessage("hello there")]);

        Assert.Equal("echo: hello there", completion.Content[0].Text);
        Assert.Equal("small", completion.Model);
        Assert.Equal(11, completion.Usage.InputTokenCount);
        Assert.Equal(7, completion.Usage.OutputTokenCount);
        var (path, body, authorization) = Assert.Single(_upstream.Received);
        Assert.Equal("/v1/chat/completions", path);
        Assert.Equal("echo", body["model"]!.GetValue<string>());
        Assert.Equal("Bearer upstream-secret", authorization);
    }

    [Fact]
    public async Task Streaming_chat_arrives_chunk_by_chunk_with_the_alias()
    {
        var key = _gateway.CreateKey("alice", "analyst");
        var pieces = new List<string>();
        await foreach (var update in Client(key).GetChatClient("small").CompleteChatStreamingAsync([new UserChatMessage("one two three")]))
        {
            Assert.Equal("small", update.Model);
            pieces.AddRange(update.ContentUpdate.Select(p => p.Text));
        }
        Assert.Equal(["echo:", " one", " two", " three", ""], pieces.Where(p => p is not null));
        Assert.Equal("echo: one two three", string.Concat(pieces));
    }

    [Fact]
    public async Task Embeddings_are_relayed()
    {
        var key = _gateway.CreateKey("bob", "reader");
        OpenAIEmbedding embedding = await Client(key).GetEmbeddingClient("embedder").GenerateEmbeddingAsync("some text");
        Assert.Equal([0.25f, -0.5f, 1.0f], embedding.ToFloats().ToArray());
        Assert.Equal("embed-v1", Assert.Single(_upstream.Received).Body["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task Models_lists_only_what_the_caller_may_use()
    {
        var reader = _gateway.CreateKey("bob", "reader");
        var analyst = _gateway.CreateKey("alice", "analyst");

        var forReader = (await Client(reader).GetOpenAIModelClient().GetModelsAsync()).Value.Select(m => m.Id).ToList();
        var forAnalyst = (await Client(analyst).GetOpenAIModelClient().GetModelsAsync()).Value.Select(m => m.Id).OrderBy(x => x).ToList();
        var forAdmin = (await Client(_gateway.AdminKey).GetOpenAIModelClient().GetModelsAsync()).Value.Select(m => m.Id).OrderBy(x => x).ToList();

        Assert.Equal(["embedder"], forReader);
        Assert.Equal(["embedder", "small"], forAnalyst);
        Assert.Equal(["embedder", "small"], forAdmin);
        Assert.DoesNotContain("demo", forAdmin);
    }

    [Fact]
    public async Task A_role_without_access_gets_permission_denied_from_the_sdk()
    {
        var reader = _gateway.CreateKey("bob", "reader");
        var error = await Assert.ThrowsAsync<ClientResultException>(() =>
            Client(reader).GetChatClient("small").CompleteChatAsync([new UserChatMessage("hi")]));
        Assert.Equal(403, error.Status);
        Assert.Empty(_upstream.Received);
    }
}
