using System.Net;
using System.Text;
using Gatehouse.Gateway.Tests.Support;

namespace Gatehouse.Gateway.Tests;

/// <summary>
/// Upstream answers that are JSON the gateway cannot read unambiguously — a repeated member (clients differ on which
/// one wins), a string that is not valid Unicode (a lone surrogate escape), a choice index that is not a whole number
/// from 0 up — on both relay paths: the caller gets a
/// clear upstream error (a 502, or a final error event in a stream) instead of an internal error or a stream cut off
/// without one, nothing unscanned goes out, the audit names the error, and the gateway keeps serving.
/// </summary>
public sealed class UnreadableUpstreamJsonTests
{
    private const string Card = "4111 1111 1111 1111";
    private const string StreamBody = """{"model":"m","stream":true,"messages":[{"role":"user","content":"hello"}]}""";
    private const string WholeBody = """{"model":"m","messages":[{"role":"user","content":"hello"}]}""";

    private static string Chunk(string content, string finish = "null") =>
        $$"""{"id":"c1","object":"chat.completion.chunk","model":"scripted","choices":[{"index":0,"delta":{"content":"{{content}}"},"finish_reason":{{finish}}}]}""";

    public static TheoryData<string> UnreadableChunks => new()
    {
        // Not JSON at all: an event cut off mid-object.
        """{"choices":[{"index":0,"delta":{"content":"4111 1111 1111 1111"}""",
        // A repeated root member on a finish chunk (the general path reads it).
        $$"""{"object":"chat.completion.chunk","model":"scripted","choices":[{"index":0,"delta":{"content":"{{Card}}"},"finish_reason":"stop"}],"choices":[{"index":0,"delta":{"content":"ok"},"finish_reason":"stop"}]}""",
        // A repeated member inside the choice of a chunk with tool calls (the general path).
        $$$"""{"object":"chat.completion.chunk","model":"scripted","choices":[{"index":0,"index":1,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{{{Card}}}"}}]},"finish_reason":null}]}""",
        // A lone surrogate escape in the text of a plain chunk (the fast path) and of a finish chunk (the general path).
        Chunk("card \\ud83d 4111"),
        Chunk("card \\ude00 4111", "\"stop\""),
        // A choice index that is not a whole number from 0 up: the guard would key the text apart from how a client
        // groups it (one that reads 1.0 as choice 1 would join text the guard scanned as choice 0's).
        $$"""{"object":"chat.completion.chunk","model":"scripted","choices":[{"index":1.0,"delta":{"content":"{{Card}}"},"finish_reason":null}]}""",
        $$"""{"object":"chat.completion.chunk","model":"scripted","choices":[{"index":-1,"delta":{"content":"{{Card}}"},"finish_reason":null}]}""",
        $$$"""{"object":"chat.completion.chunk","model":"scripted","choices":[{"index":0,"delta":{"tool_calls":[{"index":1.0,"function":{"arguments":"{{{Card}}}"}}]},"finish_reason":null}]}""",
    };

    [Theory]
    [MemberData(nameof(UnreadableChunks))]
    public async Task A_stream_event_that_cannot_be_read_unambiguously_ends_the_stream_with_an_error_event(string unreadable)
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit());
        setup.Upstream.RawEvents = _ => [Chunk("Before. "), unreadable, Chunk("after")];
        var response = await setup.PostAsync(StreamBody);
        var raw = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("4111", raw);
        Assert.DoesNotContain("after", raw);
        Assert.DoesNotContain("[DONE]", raw);
        Assert.Equal("upstream_unavailable", SseText.Events(raw)[^1]["error"]!["code"]!.GetValue<string>());
        Assert.Equal("upstream_unavailable", Assert.Single(setup.Audit.Records).ErrorCode);

        setup.Upstream.RawEvents = null;
        Assert.EndsWith("data: [DONE]\n\n", await (await setup.PostAsync(StreamBody)).Content.ReadAsStringAsync());
    }

    public static TheoryData<string> UnreadableAnswers => new()
    {
        // Repeated members: at the root, in the choice, in the message (the fast path leaves each to the general path).
        $$"""{"model":"scripted","model":"x","choices":[{"index":0,"message":{"role":"assistant","content":"{{Card}}"},"finish_reason":"stop"}]}""",
        $$$"""{"model":"scripted","choices":[{"index":0,"index":0,"message":{"content":"{{{Card}}}"}}]}""",
        $$$"""{"model":"scripted","choices":[{"index":0,"message":{"content":"fine","content":"{{{Card}}}"}}]}""",
        // A lone surrogate escape in the content.
        """{"model":"scripted","choices":[{"index":0,"message":{"content":"card \ud83d 4111"},"finish_reason":"stop"}]}""",
        // A choice index that is not a whole number from 0 up.
        $$"""{"model":"scripted","choices":[{"index":-1,"message":{"content":"{{Card}}"},"finish_reason":"stop"}]}""",
        $$"""{"model":"scripted","choices":[{"index":"{{Card}}","message":{"content":"{{Card}}"},"finish_reason":"stop"}]}""",
    };

    [Theory]
    [MemberData(nameof(UnreadableAnswers))]
    public async Task A_whole_answer_that_cannot_be_read_unambiguously_is_a_502_that_says_so(string unreadable)
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit());
        setup.Upstream.RawAnswer = _ => unreadable;
        var response = await setup.PostAsync(WholeBody);

        var error = await OpenAIErrorAssert.IsErrorAsync(response, HttpStatusCode.BadGateway, "upstream_error", "upstream_unavailable");
        Assert.DoesNotContain("4111", error["message"]!.GetValue<string>());
        Assert.Equal("upstream_unavailable", Assert.Single(setup.Audit.Records).ErrorCode);
    }

    [Fact]
    public async Task Bytes_in_a_whole_answer_that_are_not_utf8_become_replacement_characters_as_in_a_stream()
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit(), "detection:\n  enabled: false\n");
        var answer = Encoding.UTF8.GetBytes("""{"model":"scripted","choices":[{"index":0,"message":{"role":"assistant","content":"bad #"},"finish_reason":"stop"}]}""");
        answer[Array.IndexOf(answer, (byte)'#')] = 0xFF;
        setup.Upstream.RawAnswer = _ => Encoding.Latin1.GetString(answer);
        setup.Upstream.RawAnswerEncoding = Encoding.Latin1;
        var response = await setup.PostAsync(WholeBody);
        var raw = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("bad \uFFFD", System.Text.Json.Nodes.JsonNode.Parse(raw)!["choices"]![0]!["message"]!["content"]!.GetValue<string>());
    }
}
