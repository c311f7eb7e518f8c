using System.Net;
using System.Text;
using Gatehouse.Gateway.Tests.Support;

namespace Gatehouse.Gateway.Tests;

/// <summary>
/// How the relay reads an upstream's event stream byte by byte, with the upstream's bytes split across separate
/// reads: every line ending server-sent events allow, a byte order mark, lines other than <c>data:</c> passed through,
/// UTF-8 split mid-character, bytes that are not UTF-8, and a stream that ends without a final blank line.
/// </summary>
public sealed class SseFramingTests
{
    private const string Body = """{"model":"m","stream":true,"messages":[{"role":"user","content":"hello"}]}""";

    private static string Chunk(string content, string model = "scripted") =>
        $$"""{"id":"c1","object":"chat.completion.chunk","model":"{{model}}","choices":[{"index":0,"delta":{"content":"{{content}}"},"finish_reason":null}]}""";

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task Every_line_ending_and_a_split_byte_order_mark_frame_the_same_events_and_other_lines_pass_through()
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit(), "detection:\n  enabled: false\n");
        setup.Upstream.RawBytes = _ =>
        [
            [0xEF],
            [0xBB, 0xBF, .. Utf8(": keep-alive\r\nevent: message\r\nid: 7\r\ndata: " + Chunk("Hel") + "\r")],
            Utf8("\n\r\n"), // the \n of the \r\n above, then the blank line
            Utf8("data: " + Chunk("lo") + "\r\r"),
            Utf8("data:" + Chunk("!") + "\n\n"),
            Utf8("data: [DONE]"), // no line end before the stream ends
        ];
        var response = await setup.PostAsync(Body);
        var raw = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            ": keep-alive\nevent: message\nid: 7\ndata: " + Chunk("Hel", "m") + "\n\n" +
            "data: " + Chunk("lo", "m") + "\n\n" +
            "data: " + Chunk("!", "m") + "\n\n" +
            "data: [DONE]\n\n",
            raw);
    }

    [Fact]
    public async Task A_character_split_across_reads_arrives_whole_and_bytes_that_are_not_utf8_become_replacement_characters()
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit(), "detection:\n  enabled: false\n");
        var cafe = Utf8("data: " + Chunk("café, ") + "\n\n");
        var split = Array.IndexOf(cafe, (byte)0xA9); // the second byte of é
        var bad = Utf8("data: " + Chunk("bad #") + "\n\n");
        bad[Array.IndexOf(bad, (byte)'#')] = 0xFF;
        setup.Upstream.RawBytes = _ =>
        [
            cafe[..split],
            cafe[split..],
            bad,
            Utf8("data: " + Chunk("tail")), // the stream ends here: relayed, then reported as unfinished
        ];
        var response = await setup.PostAsync(Body);
        var raw = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("café, bad \uFFFDtail", SseText.Content(raw));
        Assert.DoesNotContain("[DONE]", raw);
        Assert.Contains("ended the stream before it finished", SseText.Events(raw)[^1]["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_line_beyond_the_event_size_cap_ends_the_stream_with_an_error_event_and_the_gateway_keeps_serving()
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit(), "detection:\n  enabled: false\n");
        var endless = new byte[17 * 1024 * 1024];
        endless.AsSpan().Fill((byte)'a');
        setup.Upstream.RawBytes = _ => [Utf8("data: " + Chunk("first") + "\n\n"), Utf8("data: "), endless];
        var response = await setup.PostAsync(Body);
        var raw = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("first", SseText.Content(raw));
        var error = SseText.Events(raw)[^1]["error"]!;
        Assert.Equal("upstream_unavailable", error["code"]!.GetValue<string>());
        Assert.Contains("longer than 16 MiB", error["message"]!.GetValue<string>());

        setup.Upstream.RawBytes = null;
        var next = await setup.PostAsync(Body);
        Assert.EndsWith("data: [DONE]\n\n", await next.Content.ReadAsStringAsync());
    }
}
