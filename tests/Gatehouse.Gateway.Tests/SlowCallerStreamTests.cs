using System.Net;
using Gatehouse.Gateway.Tests.Support;

namespace Gatehouse.Gateway.Tests;

/// <summary>
/// The upstream's response timeout bounds how long the gateway waits for the upstream, not how long a slow caller
/// takes to read: a caller that stops reading for longer than the timeout, while the upstream has sent everything,
/// still gets the whole stream.
/// </summary>
public sealed class SlowCallerStreamTests
{
    private const string Body = """{"model":"m","stream":true,"messages":[{"role":"user","content":"hello"}]}""";

    [Fact]
    public async Task A_caller_that_pauses_longer_than_the_upstream_timeout_still_gets_the_whole_stream()
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit(), "    responseTimeout: 1s\ndetection:\n  enabled: false\n");
        // ~24 MB of events, far more than the socket buffers hold: the gateway's writes wait while the caller pauses.
        var words = string.Concat(Enumerable.Repeat("abcdefg ", 64 * 1024));
        const int Events = 48;
        // A first stream warms the gateway up, so the upstream's headers come well within the short timeout below.
        Assert.EndsWith("data: [DONE]\n\n", await setup.StreamAsync(Body));
        string[] events = [.. Enumerable.Range(0, Events).Select(i =>
            $$"""{"id":"c1","object":"chat.completion.chunk","model":"scripted","choices":[{"index":0,"delta":{"content":"{{words}}"},"finish_reason":{{(i == Events - 1 ? "\"stop\"" : "null")}}}]}""")];
        setup.Upstream.RawEvents = _ => events;

        using var response = await setup.Gateway.Http.SendAsync(
            GatewayServer.Request(HttpMethod.Post, "/v1/chat/completions", setup.Gateway.AdminKey, Body), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync();
        var first = new byte[1];
        Assert.Equal(1, await body.ReadAsync(first));
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        using var rest = new StreamReader(body);
        var raw = (char)first[0] + await rest.ReadToEndAsync();

        Assert.DoesNotContain("\"error\"", raw);
        Assert.EndsWith("data: [DONE]\n\n", raw);
        Assert.Equal(Events * words.Length, SseText.Content(raw).Length);
    }
}
