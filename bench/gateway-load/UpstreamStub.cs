using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gatehouse.GatewayLoad;

/// <summary>
/// An OpenAI-compatible upstream on loopback Kestrel that simulates generation by waiting, not by computing, so that
/// its CPU cost stays the same whatever delay is configured. It reads the whole request body (as a real server
/// must), then answers a chat completion of <see cref="LoadOptions.Tokens"/> words, whole or as one chunk per word.
/// The profile can be switched between scenarios without restarting (the gateway's connection pool stays warm).
/// </summary>
internal sealed class UpstreamStub(int tokens) : IAsyncDisposable
{
    private WebApplication? _app;
    private byte[] _completion = [];
    private byte[][] _chunks = [];
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    /// <summary>The simulated generation time; set between scenarios.</summary>
    public UpstreamProfile Profile { get; set; } = new("zero", TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>The stub's <c>/v1</c> base address, once started.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public async Task StartAsync()
    {
        var words = Enumerable.Range(0, tokens).Select(i => (i == 0 ? "" : " ") + Words[i % Words.Length]).ToArray();
        _completion = Encoding.UTF8.GetBytes($$"""{"id":"chatcmpl-load","object":"chat.completion","created":1,"model":"stub-model","choices":[{"index":0,"message":{"role":"assistant","content":"{{string.Concat(words)}}"},"finish_reason":"stop"}],"usage":{"prompt_tokens":512,"completion_tokens":{{tokens}},"total_tokens":{{512 + tokens}}""" + "}}");
        _chunks = words.Select((w, i) => Encoding.UTF8.GetBytes(
            $$$"""data: {"id":"chatcmpl-load","object":"chat.completion.chunk","created":1,"model":"stub-model","choices":[{"index":0,"delta":{"content":"{{{w}}}"},"finish_reason":{{{(i == words.Length - 1 ? "\"stop\"" : "null")}}}}]}""" + "\n\n")).ToArray();

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _app = builder.Build();
        _app.MapPost("/v1/chat/completions", AnswerAsync);
        await _app.StartAsync();
        BaseUrl = new Uri(Gateway.GatewayHost.ListeningAddresses(_app)[0], "/v1");
    }

    private async Task AnswerAsync(HttpContext http)
    {
        var stream = await ReadsStreamFlagAsync(http.Request);
        var profile = Profile;
        if (profile.FirstByteDelay > TimeSpan.Zero)
            await Task.Delay(profile.FirstByteDelay);
        if (!stream)
        {
            // A whole answer is ready only once every token is generated.
            if (profile.TokenDelay > TimeSpan.Zero)
                await Task.Delay(profile.TokenDelay * tokens);
            http.Response.ContentType = "application/json";
            http.Response.ContentLength = _completion.Length;
            await http.Response.Body.WriteAsync(_completion);
            return;
        }
        http.Response.ContentType = "text/event-stream";
        for (var i = 0; i < _chunks.Length; i++)
        {
            if (i > 0 && profile.TokenDelay > TimeSpan.Zero)
                await Task.Delay(profile.TokenDelay);
            await http.Response.Body.WriteAsync(_chunks[i]);
            await http.Response.Body.FlushAsync();
        }
        await http.Response.Body.WriteAsync(Done);
    }

    // Reads the whole body (a real server parses it) and looks for the stream flag as the gateway and clients write it.
    private static async Task<bool> ReadsStreamFlagAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        return buffer.GetBuffer().AsSpan(0, (int)buffer.Length).IndexOf("\"stream\":true"u8) >= 0;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
    }

    private static readonly string[] Words =
        ["The", "quarterly", "report", "shows", "steady", "growth", "in", "the", "northern", "region", "while", "costs", "stayed", "within", "the", "plan"];
}
