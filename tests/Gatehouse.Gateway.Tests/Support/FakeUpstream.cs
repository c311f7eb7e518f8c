using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Gatehouse.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Gateway.Tests.Support;

/// <summary>
/// A real OpenAI-compatible HTTP server on loopback for the gateway to forward to. The upstream model name in each
/// request picks a behaviour: <c>echo</c> (default), <c>gated-stream</c> (first chunk, then waits for <see cref="Gate"/>),
/// <c>broken-stream</c> (aborts after two chunks), <c>no-done</c> (ends without [DONE]), <c>fail-500</c>,
/// <c>bad-request</c>, <c>slow-headers</c> (waits 5 s before answering), <c>split-data</c> (each event's JSON spread
/// over two <c>data:</c> lines, as server-sent events allow).
/// </summary>
public sealed class FakeUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeUpstream(WebApplication app) => _app = app;

    /// <summary>Every request body received, in order.</summary>
    public ConcurrentQueue<(string Path, JsonObject Body, string? Authorization)> Received { get; } = new();

    /// <summary>Released by a test to let a <c>gated-stream</c> finish.</summary>
    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set when a streaming handler saw its caller (the gateway) disconnect.</summary>
    public TaskCompletionSource StreamAborted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set when a <c>gated-stream</c> has written its last byte.</summary>
    public TaskCompletionSource StreamFinished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>What <c>GET /jwks</c> serves (an identity provider's key set), and how often it was fetched.</summary>
    public string Jwks { get; set; } = """{"keys":[]}""";

    /// <summary>Number of <c>GET /jwks</c> requests served.</summary>
    public int JwksFetches;

    /// <summary>The base URL to configure, ending in <c>/v1</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Starts a server on a free loopback port.</summary>
    public static async Task<FakeUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var upstream = new FakeUpstream(app);
        app.MapPost("/v1/chat/completions", (HttpContext http) => upstream.HandleAsync(http, chat: true));
        app.MapPost("/v1/completions", (HttpContext http) => upstream.HandleAsync(http, chat: false));
        app.MapGet("/jwks", () =>
        {
            Interlocked.Increment(ref upstream.JwksFetches);
            return Results.Text(upstream.Jwks, "application/json");
        });
        app.MapPost("/v1/embeddings", async (HttpContext http) =>
        {
            var body = await upstream.RecordAsync(http);
            await Json(http, new JsonObject
            {
                ["object"] = "list",
                ["model"] = body["model"]!.GetValue<string>(),
                ["data"] = new JsonArray(new JsonObject { ["object"] = "embedding", ["index"] = 0, ["embedding"] = new JsonArray(0.25, -0.5, 1.0) }),
                ["usage"] = new JsonObject { ["prompt_tokens"] = 3, ["total_tokens"] = 3 },
            });
        });
        await app.StartAsync();
        upstream.BaseUrl = new Uri(GatewayHost.ListeningAddresses(app)[0], "/v1");
        return upstream;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Gate.TrySetResult();
        await _app.DisposeAsync();
    }

    private async Task<JsonObject> RecordAsync(HttpContext http)
    {
        var body = (await JsonNode.ParseAsync(http.Request.Body))!.AsObject();
        Received.Enqueue((http.Request.Path, body, http.Request.Headers.Authorization.FirstOrDefault()));
        return body;
    }

    private async Task HandleAsync(HttpContext http, bool chat)
    {
        var body = await RecordAsync(http);
        var model = body["model"]!.GetValue<string>();
        var prompt = chat ? body["messages"]!.AsArray().Last()!["content"]!.GetValue<string>() : body["prompt"]!.GetValue<string>();
        switch (model)
        {
            case "fail-500":
                http.Response.StatusCode = 500;
                await http.Response.WriteAsync("internal upstream failure");
                return;
            case "bad-request":
                http.Response.StatusCode = 400;
                await Json(http, new JsonObject { ["error"] = new JsonObject { ["message"] = "temperature too high", ["type"] = "invalid_request_error", ["param"] = "temperature", ["code"] = null } });
                return;
            case "slow-headers":
                await Task.Delay(TimeSpan.FromSeconds(5), http.RequestAborted);
                break;
        }

        var reply = "echo: " + prompt;
        if (body["stream"]?.GetValue<bool>() != true)
        {
            var choice = chat
                ? new JsonObject { ["index"] = 0, ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = reply }, ["finish_reason"] = "stop" }
                : new JsonObject { ["index"] = 0, ["text"] = reply, ["finish_reason"] = "stop" };
            await Json(http, new JsonObject
            {
                ["id"] = "up-1",
                ["object"] = chat ? "chat.completion" : "text_completion",
                ["created"] = 1,
                ["model"] = model,
                ["choices"] = new JsonArray(choice),
                ["usage"] = new JsonObject { ["prompt_tokens"] = 11, ["completion_tokens"] = 7, ["total_tokens"] = 18 },
                ["system_fingerprint"] = "fp_fake",
                ["x_upstream_extra"] = new JsonObject { ["kept"] = true },
            });
            return;
        }

        http.Response.ContentType = "text/event-stream";
        try
        {
            var words = reply.Split(' ');
            for (var i = 0; i < words.Length; i++)
            {
                await Event(http, Chunk(model, chat, (i == 0 ? "" : " ") + words[i], null), split: model == "split-data");
                if (i == 0 && model == "gated-stream")
                    await Gate.Task.WaitAsync(http.RequestAborted);
                if (i == 1 && model == "broken-stream")
                {
                    // Let the bytes arrive first: a reset right behind them can make the peer discard them unread.
                    await Task.Delay(300);
                    http.Abort();
                    return;
                }
            }
            await Event(http, Chunk(model, chat, "", "stop"));
            if (model != "no-done")
                await http.Response.WriteAsync("data: [DONE]\n\n");
            await http.Response.Body.FlushAsync();
            StreamFinished.TrySetResult();
        }
        catch (OperationCanceledException)
        {
            StreamAborted.TrySetResult();
        }
    }

    private static JsonObject Chunk(string model, bool chat, string text, string? finish) => new()
    {
        ["id"] = "up-stream",
        ["object"] = chat ? "chat.completion.chunk" : "text_completion",
        ["created"] = 1,
        ["model"] = model,
        ["choices"] = new JsonArray(chat
            ? new JsonObject { ["index"] = 0, ["delta"] = new JsonObject { ["content"] = text }, ["finish_reason"] = finish }
            : new JsonObject { ["index"] = 0, ["text"] = text, ["finish_reason"] = finish }),
    };

    private static async Task Event(HttpContext http, JsonObject chunk, bool split = false)
    {
        var json = chunk.ToJsonString();
        // A line break between two members is still the same JSON once the data lines are joined with "\n".
        if (split)
            json = json.Replace(",\"choices\":", "\ndata: ,\"choices\":", StringComparison.Ordinal);
        await http.Response.WriteAsync("data: " + json + "\n\n", http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted);
    }

    private static Task Json(HttpContext http, JsonObject body)
    {
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(body.ToJsonString(), Encoding.UTF8);
    }
}
