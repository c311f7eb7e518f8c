using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Gateway.Tests.Support;

/// <summary>One piece of a scripted answer: content text, or a fragment of tool call <paramref name="ToolIndex"/>'s arguments.</summary>
/// <param name="Text">The text.</param>
/// <param name="ToolIndex">Null for content, else the tool call's index.</param>
public sealed record AnswerPiece(string Text, int? ToolIndex = null)
{
    /// <summary>Splits <paramref name="text"/> into content pieces of <paramref name="size"/> characters.</summary>
    public static AnswerPiece[] Content(string text, int size) =>
        [.. Enumerable.Range(0, (text.Length + size - 1) / size).Select(i => new AnswerPiece(text.Substring(i * size, Math.Min(size, text.Length - i * size))))];

    /// <summary>Splits tool call arguments into fragments of <paramref name="size"/> characters.</summary>
    public static AnswerPiece[] Arguments(int toolIndex, string arguments, int size) =>
        [.. Content(arguments, size).Select(p => p with { ToolIndex = toolIndex })];
}

/// <summary>
/// A real OpenAI-compatible chat server on loopback whose answer a test scripts: by default it echoes the last
/// message's content in one piece; <see cref="Script"/> gives the pieces (content and tool-call argument fragments)
/// streamed one event each, or joined in a non-stream answer. <see cref="Gate"/>, when set, holds the stream after
/// <see cref="GateAfter"/> pieces, so a test can see what the client received before the upstream finished.
/// </summary>
public sealed class ScriptedUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ScriptedUpstream(WebApplication app) => _app = app;

    /// <summary>Every request body received, in order.</summary>
    public ConcurrentQueue<JsonObject> Received { get; } = new();

    /// <summary>The answer's pieces for a request; null: echo the last message's content.</summary>
    public Func<JsonObject, IReadOnlyList<AnswerPiece>>? Script { get; set; }

    /// <summary>
    /// When set, a streamed answer (chat or completion) is these events' data, sent verbatim one event each (then <c>[DONE]</c>), for
    /// chunks of shapes the piece script does not make (several choices, usage, unusual fields, malformed JSON).
    /// </summary>
    public Func<JsonObject, IReadOnlyList<string>>? RawEvents { get; set; }

    /// <summary>
    /// When set, a streamed answer is exactly these bytes, each piece written and flushed on its own after a short
    /// pause (so the gateway reads them separately), with nothing added: for line endings, byte order marks and bytes
    /// that are not UTF-8, split anywhere.
    /// </summary>
    public Func<JsonObject, IReadOnlyList<byte[]>>? RawBytes { get; set; }

    /// <summary>When set, a non-stream answer (chat or completion) is exactly this body, for shapes the piece script does not make.</summary>
    public Func<JsonObject, string>? RawAnswer { get; set; }

    /// <summary>How <see cref="RawAnswer"/> is encoded (UTF-8 unless set; Latin-1 sends each char as that exact byte).</summary>
    public Encoding RawAnswerEncoding { get; set; } = Encoding.UTF8;

    /// <summary>When set, the stream waits for it after <see cref="GateAfter"/> pieces.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Pieces sent before waiting for <see cref="Gate"/>.</summary>
    public int GateAfter { get; set; }

    /// <summary>Pause between streamed pieces.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>The base URL to configure, ending in <c>/v1</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Starts the server on a free loopback port.</summary>
    public static async Task<ScriptedUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var upstream = new ScriptedUpstream(app);
        app.MapPost("/v1/chat/completions", (HttpContext http) => upstream.HandleAsync(http, chat: true));
        app.MapPost("/v1/completions", (HttpContext http) => upstream.HandleAsync(http, chat: false));
        await app.StartAsync();
        upstream.BaseUrl = new Uri(GatewayHost.ListeningAddresses(app)[0], "/v1");
        return upstream;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Gate?.TrySetResult();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext http, bool chat)
    {
        var body = (await JsonNode.ParseAsync(http.Request.Body))!.AsObject();
        Received.Enqueue(body);
        var pieces = Script?.Invoke(body) ?? [new AnswerPiece(chat ? body["messages"]!.AsArray().Last()!["content"]!.GetValue<string>() : body["prompt"]!.GetValue<string>())];
        if (body["stream"]?.GetValue<bool>() == true && RawEvents?.Invoke(body) is { } raw)
        {
            await RawStreamAsync(http, raw);
            return;
        }
        if (body["stream"]?.GetValue<bool>() != true && RawAnswer?.Invoke(body) is { } answer)
        {
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(answer, RawAnswerEncoding);
            return;
        }
        if (body["stream"]?.GetValue<bool>() == true && RawBytes?.Invoke(body) is { } bytes)
        {
            http.Response.ContentType = "text/event-stream";
            foreach (var piece in bytes)
            {
                await http.Response.Body.WriteAsync(piece, http.RequestAborted);
                await http.Response.Body.FlushAsync(http.RequestAborted);
                await Task.Delay(5, http.RequestAborted);
            }
            return;
        }
        if (!chat)
        {
            await CompletionAsync(http, body, pieces);
            return;
        }
        if (body["stream"]?.GetValue<bool>() != true)
        {
            var message = new JsonObject { ["role"] = "assistant", ["content"] = string.Concat(pieces.Where(p => p.ToolIndex is null).Select(p => p.Text)) };
            var tools = pieces.Where(p => p.ToolIndex is not null).GroupBy(p => p.ToolIndex!.Value).OrderBy(g => g.Key).ToList();
            if (tools.Count > 0)
                message["tool_calls"] = new JsonArray([.. tools.Select(g => (JsonNode)ToolCall(g.Key, string.Concat(g.Select(p => p.Text))))]);
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(new JsonObject
            {
                ["id"] = "scripted",
                ["object"] = "chat.completion",
                ["created"] = 1,
                ["model"] = body["model"]!.GetValue<string>(),
                ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = tools.Count > 0 ? "tool_calls" : "stop" }),
                ["usage"] = new JsonObject { ["prompt_tokens"] = 5, ["completion_tokens"] = 5, ["total_tokens"] = 10 },
            }.ToJsonString(), Encoding.UTF8);
            return;
        }
        http.Response.ContentType = "text/event-stream";
        var started = new HashSet<int>();
        for (var i = 0; i < pieces.Count; i++)
        {
            if (Gate is { } gate && i == GateAfter)
                await gate.Task.WaitAsync(http.RequestAborted);
            var piece = pieces[i];
            var delta = piece.ToolIndex is { } tool
                ? new JsonObject { ["tool_calls"] = new JsonArray(started.Add(tool) ? ToolCall(tool, piece.Text) : new JsonObject { ["index"] = tool, ["function"] = new JsonObject { ["arguments"] = piece.Text } }) }
                : new JsonObject { ["content"] = piece.Text };
            await Event(http, delta, null);
            if (Delay > TimeSpan.Zero)
                await Task.Delay(Delay, http.RequestAborted);
        }
        await Event(http, new JsonObject(), started.Count > 0 ? "tool_calls" : "stop");
        await http.Response.WriteAsync("data: [DONE]\n\n");
    }

    private static async Task RawStreamAsync(HttpContext http, IReadOnlyList<string> events)
    {
        http.Response.ContentType = "text/event-stream";
        foreach (var data in events)
        {
            await http.Response.WriteAsync("data: " + data + "\n\n", http.RequestAborted);
            await http.Response.Body.FlushAsync(http.RequestAborted);
        }
        await http.Response.WriteAsync("data: [DONE]\n\n");
    }

    /// <summary>The legacy <c>/v1/completions</c> shape: the text in <c>choices[0].text</c>, streamed one piece per event.</summary>
    private async Task CompletionAsync(HttpContext http, JsonObject body, IReadOnlyList<AnswerPiece> pieces)
    {
        JsonObject Completion(string text, string? finish) => new()
        {
            ["id"] = "scripted-completion",
            ["object"] = "text_completion",
            ["created"] = 1,
            ["model"] = "scripted",
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["text"] = text, ["finish_reason"] = finish }),
        };
        if (body["stream"]?.GetValue<bool>() != true)
        {
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(Completion(string.Concat(pieces.Select(p => p.Text)), "stop").ToJsonString(), Encoding.UTF8);
            return;
        }
        http.Response.ContentType = "text/event-stream";
        for (var i = 0; i < pieces.Count; i++)
        {
            if (Gate is { } gate && i == GateAfter)
                await gate.Task.WaitAsync(http.RequestAborted);
            await Send(http, Completion(pieces[i].Text, null));
            if (Delay > TimeSpan.Zero)
                await Task.Delay(Delay, http.RequestAborted);
        }
        await Send(http, Completion("", "stop"));
        await http.Response.WriteAsync("data: [DONE]\n\n");
    }

    private static JsonObject ToolCall(int index, string arguments) => new()
    {
        ["index"] = index,
        ["id"] = $"call_{index}",
        ["type"] = "function",
        ["function"] = new JsonObject { ["name"] = "send_mail", ["arguments"] = arguments },
    };

    private static async Task Event(HttpContext http, JsonObject delta, string? finish)
    {
        var chunk = new JsonObject
        {
            ["id"] = "scripted-stream",
            ["object"] = "chat.completion.chunk",
            ["created"] = 1,
            ["model"] = "scripted",
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
        };
        await Send(http, chunk);
    }

    private static async Task Send(HttpContext http, JsonObject chunk)
    {
        await http.Response.WriteAsync("data: " + chunk.ToJsonString() + "\n\n", http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted);
    }
}
