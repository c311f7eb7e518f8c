using System.Net;
using System.Text.Json.Nodes;
using Gatehouse.Gateway.Tests.Support;

namespace Gatehouse.Gateway.Tests;

/// <summary>
/// Every field a model writes text into passes the output guard, not only <c>content</c>: reasoning
/// (<c>reasoning_content</c>, <c>reasoning</c>), <c>refusal</c> and legacy <c>function_call</c> arguments, whole and
/// streamed; per-token <c>logprobs</c>, which repeat the raw tokens, are removed while the guard is on; and text in a
/// shape the guard cannot read stops the answer instead of passing unscanned. The upstream sends exact bytes.
/// </summary>
public sealed class GeneratedTextFieldsTests
{
    private const string Card = "4111 1111 1111 1111";
    private const string Body = """{"model":"m","messages":[{"role":"user","content":"hello"}]}""";
    private const string StreamBody = """{"model":"m","stream":true,"messages":[{"role":"user","content":"hello"}]}""";

    [Theory]
    [InlineData("reasoning_content")]
    [InlineData("reasoning")]
    [InlineData("refusal")]
    public async Task A_card_in_a_whole_answers_other_text_field_is_masked(string field)
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit());
        setup.Upstream.RawAnswer = _ =>
            $$$"""{"model":"scripted","choices":[{"index":0,"message":{"role":"assistant","content":"Done.","{{{field}}}":"The card is {{{Card}}} here."},"finish_reason":"stop"}]}""";
        var response = await setup.PostAsync(Body);
        var raw = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("4111", raw);
        var message = JsonNode.Parse(raw)!["choices"]![0]!["message"]!;
        Assert.Equal("Done.", message["content"]!.GetValue<string>());
        Assert.StartsWith("The card is ", message[field]!.GetValue<string>());
        Assert.EndsWith("1111 here.", message[field]!.GetValue<string>());
    }

    [Fact]
    public async Task Legacy_function_call_arguments_are_masked_whole_and_streamed()
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit());
        setup.Upstream.RawAnswer = _ =>
            $$$"""{"model":"scripted","choices":[{"index":0,"message":{"role":"assistant","content":null,"function_call":{"name":"pay","arguments":"{\"card\":\"{{{Card}}}\"}"}},"finish_reason":"function_call"}]}""";
        var whole = await (await setup.PostAsync(Body)).Content.ReadAsStringAsync();
        Assert.DoesNotContain("4111", whole);
        Assert.Equal("pay", JsonNode.Parse(whole)!["choices"]![0]!["message"]!["function_call"]!["name"]!.GetValue<string>());

        setup.Upstream.RawEvents = _ =>
        [
            """{"model":"scripted","choices":[{"index":0,"delta":{"function_call":{"name":"pay","arguments":"{\"card\":\"4111 11"}},"finish_reason":null}]}""",
            """{"model":"scripted","choices":[{"index":0,"delta":{"function_call":{"arguments":"11 1111 1111\"}"}},"finish_reason":null}]}""",
            """{"model":"scripted","choices":[{"index":0,"delta":{},"finish_reason":"function_call"}]}""",
        ];
        var streamed = await setup.StreamAsync(StreamBody);
        Assert.DoesNotContain("4111", streamed);
        var arguments = string.Concat(SseText.Events(streamed).Select(e => e["choices"]![0]!["delta"]?["function_call"]?["arguments"]?.GetValue<string>()));
        Assert.StartsWith("{\"card\":\"", arguments);
        Assert.EndsWith("1111\"}", arguments);
    }

    [Fact]
    public async Task Streamed_reasoning_with_a_card_split_across_chunks_is_masked_and_held_text_arrives_at_the_finish()
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit());
        setup.Upstream.RawEvents = _ =>
        [
            """{"model":"scripted","choices":[{"index":0,"delta":{"role":"assistant","reasoning_content":"Their card is 4111 1111"},"finish_reason":null}]}""",
            """{"model":"scripted","choices":[{"index":0,"delta":{"reasoning_content":" 1111 1111, so"},"finish_reason":null}]}""",
            """{"model":"scripted","choices":[{"index":0,"delta":{"content":"All set."},"finish_reason":null}]}""",
            """{"model":"scripted","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""",
        ];
        var raw = await setup.StreamAsync(StreamBody);

        Assert.DoesNotContain("4111", raw);
        var reasoning = string.Concat(SseText.Events(raw).Select(e => e["choices"]![0]!["delta"]?["reasoning_content"]?.GetValue<string>()));
        Assert.StartsWith("Their card is ", reasoning);
        Assert.EndsWith("1111, so", reasoning);
        Assert.Equal("All set.", SseText.Content(raw));
    }

    [Fact]
    public async Task Text_held_back_at_a_chat_finish_without_a_delta_is_released_masked_in_one_instead_of_dropped()
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit());
        setup.Upstream.RawEvents = _ =>
        [
            """{"object":"chat.completion.chunk","model":"scripted","choices":[{"index":0,"delta":{"role":"assistant","content":"Pay with 4111 1111 1111 1111"},"finish_reason":null}]}""",
            """{"object":"chat.completion.chunk","model":"scripted","choices":[{"index":0,"finish_reason":"stop"}]}""",
        ];
        var raw = await setup.StreamAsync(StreamBody);

        Assert.DoesNotContain("4111", raw);
        Assert.StartsWith("Pay with ", SseText.Content(raw));
        Assert.EndsWith("1111", SseText.Content(raw));
        Assert.Equal("stop", SseText.Events(raw)[^1]["choices"]![0]!["finish_reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Logprobs_are_removed_while_the_output_guard_is_on_and_kept_when_it_is_off()
    {
        const string Logprobs = """{"content":[{"token":"4111","logprob":-0.1,"bytes":[52,49,49,49],"top_logprobs":[]}]}""";
        var answer = $$$"""{"model":"scripted","choices":[{"index":0,"message":{"role":"assistant","content":"{{{Card}}}"},"logprobs":{{{Logprobs}}},"finish_reason":"stop"}]}""";
        string[] events =
        [
            $$$"""{"model":"scripted","choices":[{"index":0,"delta":{"content":"4111"},"logprobs":{{{Logprobs}}},"finish_reason":null}]}""",
            """{"model":"scripted","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}""",
        ];
        await using (var guarded = await DetectionGateway.StartAsync(DelegateDecider.Permit()))
        {
            guarded.Upstream.RawAnswer = _ => answer;
            guarded.Upstream.RawEvents = _ => events;
            var whole = await (await guarded.PostAsync(Body)).Content.ReadAsStringAsync();
            Assert.DoesNotContain("4111", whole);
            Assert.Null(JsonNode.Parse(whole)!["choices"]![0]!["logprobs"]);
            var streamed = await guarded.StreamAsync(StreamBody);
            Assert.DoesNotContain("\"token\"", streamed);
        }
        await using var open = await DetectionGateway.StartAsync(DelegateDecider.Permit(), "detection:\n  enabled: false\n");
        open.Upstream.RawAnswer = _ => answer;
        var unguarded = await (await open.PostAsync(Body)).Content.ReadAsStringAsync();
        Assert.Equal("4111", JsonNode.Parse(unguarded)!["choices"]![0]!["logprobs"]!["content"]![0]!["token"]!.GetValue<string>());
    }

    [Fact]
    public async Task Text_in_a_shape_the_guard_cannot_read_stops_the_answer_instead_of_passing_unscanned()
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit());
        setup.Upstream.RawAnswer = _ =>
            $$$"""{"model":"scripted","choices":[{"index":0,"message":{"role":"assistant","content":[{"type":"text","text":"{{{Card}}}"}]},"finish_reason":"stop"}]}""";
        var response = await setup.PostAsync(Body);
        var raw = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.DoesNotContain("4111", raw);
        Assert.Contains("cannot scan", JsonNode.Parse(raw)!["error"]!["message"]!.GetValue<string>());

        setup.Upstream.RawEvents = _ =>
        [
            """{"model":"scripted","choices":[{"index":0,"delta":{"reasoning":{"text":"4111 1111 1111 1111"}},"finish_reason":null}]}""",
        ];
        var streamed = await (await setup.PostAsync(StreamBody)).Content.ReadAsStringAsync();
        Assert.DoesNotContain("4111", streamed);
        Assert.Contains("cannot scan", streamed);
        // The gateway keeps serving.
        setup.Upstream.RawAnswer = null;
        setup.Upstream.RawEvents = null;
        Assert.Equal(HttpStatusCode.OK, (await setup.PostAsync(Body)).StatusCode);
    }

}
