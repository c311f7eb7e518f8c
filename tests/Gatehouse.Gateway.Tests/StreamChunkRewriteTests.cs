using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gatehouse.Gateway.Tests.Support;

namespace Gatehouse.Gateway.Tests;

/// <summary>
/// How each stream chunk is rewritten, with the upstream sending exact event text: the common chunk (one choice, a
/// text delta) goes out as the upstream wrote it byte for byte except <c>model</c> and the guarded text, and every
/// other shape (tool calls, several choices, usage, a held-back or redacted delta, escapes, repeated fields) is still
/// guarded and rewritten exactly as before. Events that cannot be read at all are in <see cref="UnreadableUpstreamJsonTests"/>.
/// </summary>
public sealed partial class StreamChunkRewriteTests
{
    private const string Card = "4111 1111 1111 1111";
    private const string Body = """{"model":"m","stream":true,"messages":[{"role":"user","content":"hello"}]}""";

    // Odd but valid bytes the gateway must not normalise: an escaped é, a number written 1.50, a nested vendor field.
    private const string Plain = """{"id":"c1","object":"chat.completion.chunk","created":1,"model":"scripted","system_fingerprint":"fp_\u00e9","x_vendor":{"n":[1.50,2e3,{"deep":null}]},"choices":[{"index":0,"delta":{"role":"assistant","content":"Hello there, friend. "},"logprobs":null,"finish_reason":null}],"usage":null}""";

    private static string Chunk(string delta, string finish = "null", string model = "scripted") =>
        $$"""{"id":"c1","object":"chat.completion.chunk","created":1,"model":"{{model}}","choices":[{"index":0,"delta":{{delta}},"finish_reason":{{finish}}}]}""";

    [Fact]
    public async Task A_plain_chunk_goes_out_byte_for_byte_but_for_the_model_alias_when_nothing_is_guarded()
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit(), "detection:\n  enabled: false\n");
        setup.Upstream.RawEvents = _ => [Plain, Chunk("{}", "\"stop\"")];
        var raw = await setup.StreamAsync(Body);

        Assert.Equal(
            "data: " + Plain.Replace("\"model\":\"scripted\"", "\"model\":\"m\"") + "\n\n" +
            "data: " + Chunk("{}", "\"stop\"", model: "m") + "\n\n" +
            "data: [DONE]\n\n",
            raw);
    }

    [Fact]
    public async Task A_plain_chunk_under_the_output_guard_keeps_every_other_byte_and_the_text_is_released_whole()
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit());
        setup.Upstream.RawEvents = _ => [Plain, Chunk("""{"content":"Bye."}"""), Chunk("{}", "\"stop\"")];
        var raw = await setup.StreamAsync(Body);

        var events = raw.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, events.Length);
        Assert.Equal(WithoutContent("data: " + Plain.Replace("\"model\":\"scripted\"", "\"model\":\"m\"")), WithoutContent(events[0]));
        Assert.Equal("Hello there, friend. Bye.", SseText.Content(raw));
        // The guard held text back until the finish; it arrives in the last chunk, whose delta had no content.
        Assert.NotEqual("", SseText.Events(raw)[2]["choices"]![0]!["delta"]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_card_split_across_plain_chunks_and_written_with_json_escapes_is_masked()
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit());
        // "My card is 4111 1111 1111 1111 ok": the digits arrive escaped (\u0034 is 4) and across two chunks.
        setup.Upstream.RawEvents = _ =>
        [
            Chunk("""{"content":"My card is \u0034111 11"}"""),
            Chunk("""{"content":"11 1111 1111 ok"}"""),
            Chunk("{}", "\"stop\""),
        ];
        var raw = await setup.StreamAsync(Body);

        var content = SseText.Content(raw);
        Assert.DoesNotContain("4111", content);
        Assert.StartsWith("My card is ", content);
        Assert.EndsWith("1111 ok", content); // masked, last four kept
        Assert.Contains("CREDIT_CARD", Assert.Single(setup.Audit.Records).OutputFindings.Select(f => f.EntityType));
    }

    [Fact]
    public async Task A_finish_chunk_carrying_content_releases_the_held_text_after_it()
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit());
        setup.Upstream.RawEvents = _ => [Chunk("""{"content":"Call 4111 1111 "}"""), Chunk("""{"content":"1111 1111"}""", "\"stop\"")];
        var raw = await setup.StreamAsync(Body);

        var content = SseText.Content(raw);
        Assert.StartsWith("Call ", content);
        Assert.EndsWith("1111", content);
        Assert.DoesNotContain("4111", content);
        Assert.Equal("stop", SseText.Events(raw)[^1]["choices"]![0]!["finish_reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_chat_finish_without_a_delta_or_an_object_member_releases_the_held_text_as_content()
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit());
        // Some servers leave out "object"; the finish chunk has no delta. The held text is chat content all the same.
        setup.Upstream.RawEvents = _ =>
        [
            """{"model":"scripted","choices":[{"index":0,"delta":{"content":"Call 4111 1111 1111 1111"},"finish_reason":null}]}""",
            """{"model":"scripted","choices":[{"index":0,"finish_reason":"stop"}]}""",
        ];
        var raw = await setup.StreamAsync(Body);

        var content = SseText.Content(raw);
        Assert.StartsWith("Call ", content);
        Assert.EndsWith("1111", content);
        Assert.DoesNotContain("4111", raw);
        Assert.All(SseText.Events(raw), e => Assert.Null(e["choices"]![0]!["text"]));
    }

    [Fact]
    public async Task An_empty_finish_reason_is_no_finish_and_a_card_split_across_such_chunks_is_masked()
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit());
        // Some servers send "finish_reason":"" on every chunk. Taken as a finish, each chunk was scanned on its own
        // (the guard flushed and forgot its context), so neither half of the card was a card.
        setup.Upstream.RawEvents = _ =>
        [
            Chunk("""{"content":"My card is 4111 1111 "}""", "\"\""),
            Chunk("""{"content":"1111 1111 and that is all."}""", "\"\""),
            Chunk("{}", "\"stop\""),
        ];
        var raw = await setup.StreamAsync(Body);

        var content = SseText.Content(raw);
        Assert.StartsWith("My card is ", content);
        Assert.EndsWith("1111 and that is all.", content);
        Assert.DoesNotContain("4111", content);
    }

    [Fact]
    public async Task Text_that_follows_a_choice_finish_is_scanned_with_what_came_before_it()
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit());
        // A server that goes on after a choice's finish: the guard released everything at the finish, and the text
        // after it was scanned with no context, so the card's two halves reached the caller joined and unmasked.
        setup.Upstream.RawEvents = _ =>
        [
            Chunk("""{"content":"My card is 4111 1111"}""", "\"length\""),
            Chunk("""{"content":" 1111 1111 and that is all."}""", "\"stop\""),
        ];
        var raw = await setup.StreamAsync(Body);

        var content = SseText.Content(raw);
        Assert.StartsWith("My card is ", content);
        Assert.EndsWith("and that is all.", content);
        Assert.DoesNotContain(Card, content);
    }

    [Fact]
    public async Task A_stream_that_ends_without_a_finish_reason_gets_the_held_text_before_done()
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit());
        // No chunk carries a finish_reason: the text the guard held back was dropped at [DONE].
        setup.Upstream.RawEvents = _ => [Chunk("""{"content":"Call 4111 1111 "}"""), Chunk("""{"content":"1111 1111 now"}""")];
        var raw = await setup.StreamAsync(Body);

        var content = SseText.Content(raw);
        Assert.StartsWith("Call ", content);
        Assert.EndsWith("1111 now", content);
        Assert.DoesNotContain("4111", raw);
        Assert.All(SseText.Events(raw), e => Assert.Equal("m", e["model"]!.GetValue<string>()));

        // The OpenAI SDK reads the released text from the event the gateway adds.
        var text = "";
        await foreach (var update in setup.Chat(setup.Gateway.AdminKey).CompleteChatStreamingAsync("hello"))
            text += string.Concat(update.ContentUpdate.Select(p => p.Text));
        Assert.Equal(content, text);

        // A legacy completion stream gets it as choice text.
        setup.Upstream.RawEvents = _ =>
        [
            """{"id":"c1","object":"text_completion","model":"scripted","choices":[{"index":0,"text":"Call 4111 1111 1111 1111 now","logprobs":null,"finish_reason":null}]}""",
        ];
        var response = await setup.Gateway.SendAsync(HttpMethod.Post, "/v1/completions", setup.Gateway.AdminKey, """{"model":"m","stream":true,"prompt":"card?"}""");
        var completion = await response.Content.ReadAsStringAsync();
        var completionText = string.Concat(SseText.Events(completion).Select(e => e["choices"]![0]!["text"]?.GetValue<string>() ?? ""));
        Assert.StartsWith("Call ", completionText);
        Assert.EndsWith("1111 now", completionText);
        Assert.DoesNotContain("4111", completion);
        Assert.EndsWith("data: [DONE]\n\n", completion);
    }

    [Fact]
    public async Task Tool_call_fragments_between_plain_chunks_are_guarded_and_flushed_at_the_finish()
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit());
        setup.Upstream.RawEvents = _ =>
        [
            Chunk("""{"content":"Sending it now. "}"""),
            Chunk("""{"tool_calls":[{"index":0,"id":"call_0","type":"function","function":{"name":"send","arguments":"{\"card\":\"4111 11"}}]}"""),
            Chunk("""{"tool_calls":[{"index":0,"function":{"arguments":"11 1111 1111\"}"}}]}"""),
            Chunk("{}", "\"tool_calls\""),
        ];
        var raw = await setup.StreamAsync(Body);

        Assert.Equal("Sending it now. ", SseText.Content(raw));
        var arguments = SseText.Arguments(raw, 0);
        Assert.DoesNotContain("4111", arguments);
        Assert.StartsWith("{\"card\":\"", arguments);
        Assert.EndsWith("1111\"}", arguments);
    }

    [Fact]
    public async Task Each_of_several_choices_is_guarded_on_its_own()
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit());
        static string Two(string first, string second, string finish) =>
            $$"""{"id":"c1","object":"chat.completion.chunk","model":"scripted","choices":[{"index":0,"delta":{"content":"{{first}}"},"finish_reason":{{finish}}},{"index":1,"delta":{"content":"{{second}}"},"finish_reason":{{finish}}}]}""";
        setup.Upstream.RawEvents = _ => [Two("First: ok. ", "Second: 4111 1111 ", "null"), Two("done.", "1111 1111 done.", "\"stop\"")];
        var raw = await setup.StreamAsync(Body);

        var events = SseText.Events(raw);
        string Joined(int index) => string.Concat(events.Select(e => e["choices"]![index]!["delta"]!["content"]?.GetValue<string>() ?? ""));
        Assert.Equal("First: ok. done.", Joined(0));
        Assert.StartsWith("Second: ", Joined(1));
        Assert.EndsWith("1111 done.", Joined(1));
        Assert.DoesNotContain("4111", raw);
        Assert.All(events, e => Assert.Equal("m", e["model"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_usage_chunk_sets_the_token_counts_and_passes_through()
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit());
        setup.Upstream.RawEvents = _ =>
        [
            Chunk("""{"content":"Short answer."}"""),
            Chunk("{}", "\"stop\""),
            """{"id":"c1","object":"chat.completion.chunk","model":"scripted","choices":[],"usage":{"prompt_tokens":11,"completion_tokens":7,"total_tokens":18}}""",
        ];
        var raw = await setup.StreamAsync(Body);

        var events = SseText.Events(raw);
        Assert.Equal("Short answer.", SseText.Content(raw[..raw.LastIndexOf("data: {", StringComparison.Ordinal)]));
        Assert.Empty(events[^1]["choices"]!.AsArray());
        Assert.Equal(18, events[^1]["usage"]!["total_tokens"]!.GetValue<int>());
        var record = Assert.Single(setup.Audit.Records);
        Assert.Equal(11, record.PromptTokens);
        Assert.Equal(7, record.CompletionTokens);
    }

    [Fact]
    public async Task A_model_after_the_choices_and_a_content_of_null_are_rewritten_in_place()
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit());
        setup.Upstream.RawEvents = _ =>
        [
            """{"choices":[{"index":0,"delta":{"role":"assistant","content":null},"finish_reason":null}],"model":"scripted"}""",
            """{"choices":[{"index":0,"delta":{"content":"All clear here."},"finish_reason":null}],"model":"scripted"}""",
            """{"choices":[{"index":0,"delta":{"content":null},"finish_reason":"stop"}],"model":"scripted"}""",
        ];
        var raw = await setup.StreamAsync(Body);

        var events = SseText.Events(raw);
        Assert.All(events, e => Assert.Equal("m", e["model"]!.GetValue<string>()));
        Assert.Null(events[0]["choices"]![0]!["delta"]!["content"]);
        Assert.Equal("All clear here.", SseText.Content(raw));
    }

    [Fact]
    public async Task A_repeated_content_field_cannot_carry_unscanned_text_past_the_guard()
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit());
        setup.Upstream.RawEvents = _ => [Chunk($$"""{"content":"fine","content":"{{Card}} "}"""), Chunk("{}", "\"stop\"")];
        var response = await setup.PostAsync(Body);
        var raw = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("4111", raw);
    }

    [Fact]
    public async Task A_legacy_completion_chunk_with_a_null_text_gets_the_held_text_at_its_finish()
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit());
        static string Completion(string text, string finish) =>
            $$"""{"id":"c1","object":"text_completion","model":"scripted","choices":[{"index":0,"text":{{text}},"logprobs":null,"finish_reason":{{finish}}}]}""";
        setup.Upstream.RawEvents = _ => [Completion("\"Card 4111 1111 1111 1111\"", "null"), Completion("null", "\"stop\"")];
        var response = await setup.Gateway.SendAsync(HttpMethod.Post, "/v1/completions", setup.Gateway.AdminKey, """{"model":"m","stream":true,"prompt":"card?"}""");
        var raw = await response.Content.ReadAsStringAsync();

        var text = string.Concat(SseText.Events(raw).Select(e => e["choices"]![0]!["text"]?.GetValue<string>() ?? ""));
        Assert.StartsWith("Card ", text);
        Assert.EndsWith("1111", text);
        Assert.DoesNotContain("4111", raw);
        Assert.EndsWith("data: [DONE]\n\n", raw);
    }

    private static string WithoutContent(string eventText) => ContentValue().Replace(eventText, "\"content\":…");

    [GeneratedRegex("""
        "content":"(?:[^"\\]|\\.)*"
        """)]
    private static partial Regex ContentValue();
}
