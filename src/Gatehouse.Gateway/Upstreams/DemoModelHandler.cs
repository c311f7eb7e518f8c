using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gatehouse.Gateway.Upstreams;

/// <summary>
/// The built-in demo upstream, in process: an OpenAI-compatible server behind an <see cref="HttpMessageHandler"/>, so
/// demo requests take exactly the same forwarding and relaying path as real ones. Deterministic: chat and completions
/// echo the last user message (streamed word by word), embeddings are derived from a hash of the input.
/// </summary>
public sealed class DemoModelHandler(TimeSpan? delayPerWord = null) : HttpMessageHandler
{
    private readonly TimeSpan _delay = delayPerWord ?? TimeSpan.FromMilliseconds(20);

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!.AsObject();
        var model = body["model"]?.GetValue<string>() ?? DemoModel.Config.UpstreamModel;
        var path = request.RequestUri!.AbsolutePath;
        if (path.EndsWith("/embeddings", StringComparison.Ordinal))
            return Json(Embeddings(body, model));

        var chat = path.EndsWith("/chat/completions", StringComparison.Ordinal);
        var prompt = chat ? LastUserMessage(body) : PromptText(body);
        var reply = prompt.Length == 0 ? "(demo) Say something and I will echo it." : "(demo) You said: " + prompt;
        var usage = new Usage(CountTokens(prompt), CountTokens(reply));
        var id = (chat ? "chatcmpl-demo-" : "cmpl-demo-") + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(prompt)))[..16];
        if (body["stream"] is JsonValue s && s.TryGetValue<bool>(out var stream) && stream)
        {
            var includeUsage = body["stream_options"]?["include_usage"] is JsonValue u && u.TryGetValue<bool>(out var want) && want;
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new DemoStreamContent(id, model, chat, reply, includeUsage ? usage : null, _delay),
            };
        }
        return Json(chat ? ChatCompletion(id, model, reply, usage) : TextCompletion(id, model, reply, usage));
    }

    /// <summary>Token counts the demo reports: one token per whitespace-separated word.</summary>
    internal sealed record Usage(int Prompt, int Completion)
    {
        public JsonObject ToJson() => new() { ["prompt_tokens"] = Prompt, ["completion_tokens"] = Completion, ["total_tokens"] = Prompt + Completion };
    }

    private static int CountTokens(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    private static string LastUserMessage(JsonObject body)
    {
        if (body["messages"] is not JsonArray messages)
            return "";
        foreach (var message in messages.Reverse())
            if (message?["role"]?.GetValue<string>() == "user")
                return Text(message["content"]);
        return "";
    }

    private static string PromptText(JsonObject body) => Text(body["prompt"]);

    // Content may be a string or an array of parts ({"type":"text","text":"…"}); strings in arrays are joined.
    private static string Text(JsonNode? content) => content switch
    {
        JsonValue v when v.TryGetValue<string>(out var text) => text,
        JsonArray parts => string.Join(" ", parts.Select(p => p is JsonObject o ? o["text"]?.GetValue<string>() : Text(p)).Where(t => !string.IsNullOrEmpty(t))),
        _ => "",
    };

    private static long Created => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private static JsonObject ChatCompletion(string id, string model, string reply, Usage usage) => new()
    {
        ["id"] = id,
        ["object"] = "chat.completion",
        ["created"] = Created,
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = reply },
            ["finish_reason"] = "stop",
        }),
        ["usage"] = usage.ToJson(),
    };

    private static JsonObject TextCompletion(string id, string model, string reply, Usage usage) => new()
    {
        ["id"] = id,
        ["object"] = "text_completion",
        ["created"] = Created,
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["text"] = reply, ["finish_reason"] = "stop", ["logprobs"] = null }),
        ["usage"] = usage.ToJson(),
    };

    private static JsonObject Embeddings(JsonObject body, string model)
    {
        var inputs = body["input"] switch
        {
            JsonArray array => array.Select(Text).ToList(),
            var single => [Text(single)],
        };
        var data = new JsonArray();
        for (var i = 0; i < inputs.Count; i++)
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(inputs[i]));
            var vector = new JsonArray(hash.Take(8).Select(b => (JsonNode)JsonValue.Create(Math.Round((b - 127.5) / 127.5, 6))).ToArray());
            data.Add(new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = vector });
        }
        var tokens = inputs.Sum(CountTokens);
        return new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = model,
            ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
        };
    }

    private static HttpResponseMessage Json(JsonObject body) => new(HttpStatusCode.OK)
    {
        Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
    };

    /// <summary>Writes the reply as OpenAI stream chunks, one word per chunk, then <c>[DONE]</c>.</summary>
    private sealed class DemoStreamContent : HttpContent
    {
        private readonly string _id;
        private readonly string _model;
        private readonly bool _chat;
        private readonly string _reply;
        private readonly Usage? _usage;
        private readonly TimeSpan _delay;
        private readonly CancellationTokenSource _stop = new();

        public DemoStreamContent(string id, string model, bool chat, string reply, Usage? usage, TimeSpan delay)
        {
            (_id, _model, _chat, _reply, _usage, _delay) = (id, model, chat, reply, usage, delay);
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/event-stream");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            var created = Created;
            var words = _reply.Split(' ');
            if (_chat)
                await WriteAsync(stream, Chunk(created, new JsonObject { ["role"] = "assistant", ["content"] = "" }, null), cancellationToken);
            for (var i = 0; i < words.Length; i++)
            {
                if (i > 0 && _delay > TimeSpan.Zero)
                    await Task.Delay(_delay, cancellationToken);
                var piece = i == 0 ? words[i] : " " + words[i];
                await WriteAsync(stream, _chat ? Chunk(created, new JsonObject { ["content"] = piece }, null) : TextChunk(created, piece, null), cancellationToken);
            }
            await WriteAsync(stream, _chat ? Chunk(created, new JsonObject(), "stop") : TextChunk(created, "", "stop"), cancellationToken);
            if (_usage is not null)
            {
                var usageChunk = _chat ? Chunk(created, null, null) : TextChunk(created, null, null);
                usageChunk["choices"] = new JsonArray();
                usageChunk["usage"] = _usage.ToJson();
                await WriteAsync(stream, usageChunk, cancellationToken);
            }
            await stream.WriteAsync("data: [DONE]\n\n"u8.ToArray(), cancellationToken);
        }

        // HttpContent buffers custom content on read by default; a pipe hands each chunk over as it is written.
        protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

        protected override Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken)
        {
            var pipe = new System.IO.Pipelines.Pipe();
            _ = Task.Run(async () =>
            {
                try
                {
                    await SerializeToStreamAsync(pipe.Writer.AsStream(), null, _stop.Token);
                    await pipe.Writer.CompleteAsync();
                }
                catch (Exception e)
                {
                    await pipe.Writer.CompleteAsync(e);
                }
            }, CancellationToken.None);
            return Task.FromResult(pipe.Reader.AsStream());
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _stop.Cancel();
                _stop.Dispose();
            }
            base.Dispose(disposing);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        private JsonObject Chunk(long created, JsonObject? delta, string? finish) => new()
        {
            ["id"] = _id,
            ["object"] = "chat.completion.chunk",
            ["created"] = created,
            ["model"] = _model,
            ["choices"] = delta is null ? new JsonArray() : new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
        };

        private JsonObject TextChunk(long created, string? text, string? finish) => new()
        {
            ["id"] = _id,
            ["object"] = "text_completion",
            ["created"] = created,
            ["model"] = _model,
            ["choices"] = text is null ? new JsonArray() : new JsonArray(new JsonObject { ["index"] = 0, ["text"] = text, ["finish_reason"] = finish, ["logprobs"] = null }),
        };

        private static async Task WriteAsync(Stream stream, JsonObject chunk, CancellationToken cancellationToken)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes("data: " + chunk.ToJsonString(JsonOptions) + "\n\n"), cancellationToken);
            await stream.FlushAsync(cancellationToken);
        }

        private static readonly JsonSerializerOptions JsonOptions = new();
    }
}
