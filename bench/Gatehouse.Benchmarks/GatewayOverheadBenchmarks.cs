using System.Net.Http.Headers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Gatehouse.Gateway;
using Gatehouse.Gateway.Configuration;
using Gatehouse.Gateway.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Benchmarks;

/// <summary>
/// The gateway's added latency: the same request sent straight to an upstream stub and through the gateway
/// (API-key check in SQLite, JSON parse and rewrite, forward, relay), both on loopback Kestrel in this process.
/// Non-stream: a whole chat completion with a 2 KB prompt. Stream: time to the first <c>data:</c> event.
/// </summary>
[MemoryDiagnoser]
public class GatewayOverheadBenchmarks
{
    private static readonly string Prompt = new('x', 2048);
    private static readonly string ChatBody = $$"""{"model":"bench","messages":[{"role":"user","content":"{{Prompt}}"}]}""";
    private static readonly string StreamBody = $$"""{"model":"bench","stream":true,"messages":[{"role":"user","content":"{{Prompt}}"}]}""";
    private WebApplication _upstream = null!;
    private WebApplication _gateway = null!;
    private HttpClient _http = null!;
    private Uri _direct = null!;
    private Uri _through = null!;
    private string _key = null!;

    [GlobalSetup]
    public void Setup()
    {
        _upstream = UpstreamStub.Build();
        _upstream.StartAsync().GetAwaiter().GetResult();
        _direct = GatewayHost.ListeningAddresses(_upstream)[0];

        var data = Path.Combine(Path.GetTempPath(), "gatehouse-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var yaml = Path.Combine(data, "gatehouse.yaml");
        // A role the shipped policy gives no rate limit, so thousands of iterations are never answered 429.
        File.WriteAllText(yaml, $"models:\n  bench:\n    baseUrl: {new Uri(_direct, "/v1")}\n    roles: ['loadtest']\n");
        _gateway = GatewayHost.Build(new GatewayOptions
        {
            Config = GatewayConfigLoader.Load(yaml, new Dictionary<string, string?>()),
            DataDirectory = data,
            Urls = "http://127.0.0.1:0",
            MinimumLogLevel = LogLevel.Warning,
        });
        _key = _gateway.Services.GetRequiredService<ApiKeyStore>().Create("bench", "bench", ["loadtest"], null).Key;
        _gateway.StartAsync().GetAwaiter().GetResult();
        _through = GatewayHost.ListeningAddresses(_gateway)[0];
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _http.Dispose();
        _gateway.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _upstream.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Non-stream chat completion straight to the upstream stub.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("chat")]
    public Task<string> Direct_chat() => SendAsync(_direct, ChatBody);

    /// <summary>The same request through the gateway.</summary>
    [Benchmark]
    [BenchmarkCategory("chat")]
    public Task<string> Gateway_chat() => SendAsync(_through, ChatBody);

    /// <summary>Time to the first stream event, straight to the upstream stub.</summary>
    [Benchmark]
    [BenchmarkCategory("stream")]
    public Task<string?> Direct_stream_first_event() => FirstEventAsync(_direct);

    /// <summary>Time to the first stream event through the gateway.</summary>
    [Benchmark]
    [BenchmarkCategory("stream")]
    public Task<string?> Gateway_stream_first_event() => FirstEventAsync(_through);

    /// <summary>How many clients the concurrent benchmarks run at once.</summary>
    public const int Clients = 64;

    /// <summary>64 concurrent non-stream chats straight to the stub; time per request, so 1/x is throughput.</summary>
    [Benchmark(OperationsPerInvoke = Clients)]
    [BenchmarkCategory("chat-64")]
    public Task Direct_chat_64_concurrent() => Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => SendAsync(_direct, ChatBody)));

    /// <summary>The same 64 concurrent chats through the gateway.</summary>
    [Benchmark(OperationsPerInvoke = Clients)]
    [BenchmarkCategory("chat-64")]
    public Task Gateway_chat_64_concurrent() => Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => SendAsync(_through, ChatBody)));

    private HttpRequestMessage Request(Uri root, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(root, "/v1/chat/completions"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _key);
        return request;
    }

    private async Task<string> SendAsync(Uri root, string body)
    {
        using var response = await _http.SendAsync(Request(root, body));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<string?> FirstEventAsync(Uri root)
    {
        using var response = await _http.SendAsync(Request(root, StreamBody), HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        string? line;
        while ((line = await reader.ReadLineAsync()) is not null && !line.StartsWith("data:", StringComparison.Ordinal))
        {
        }
        // Read the rest so the connection returns to the pool in both cases.
        await reader.ReadToEndAsync();
        return line;
    }
}

/// <summary>An OpenAI-compatible stub that answers at once: a fixed completion, or eight chunks and [DONE].</summary>
internal static class UpstreamStub
{
    private const string Completion = """{"id":"b","object":"chat.completion","created":1,"model":"bench","choices":[{"index":0,"message":{"role":"assistant","content":"a short answer of a few words"},"finish_reason":"stop"}],"usage":{"prompt_tokens":512,"completion_tokens":7,"total_tokens":519}}""";
    private const string Chunk = """data: {"id":"b","object":"chat.completion.chunk","created":1,"model":"bench","choices":[{"index":0,"delta":{"content":" word"},"finish_reason":null}]}""";

    public static WebApplication Build()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapPost("/v1/chat/completions", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            if (!body.Contains("\"stream\":true", StringComparison.Ordinal))
            {
                http.Response.ContentType = "application/json";
                await http.Response.WriteAsync(Completion);
                return;
            }
            http.Response.ContentType = "text/event-stream";
            for (var i = 0; i < 8; i++)
            {
                await http.Response.WriteAsync(Chunk + "\n\n");
                await http.Response.Body.FlushAsync();
            }
            await http.Response.WriteAsync("data: [DONE]\n\n");
        });
        return app;
    }
}
