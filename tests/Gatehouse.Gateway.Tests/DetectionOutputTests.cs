using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Gatehouse.Gateway.DataProtection;
using Gatehouse.Gateway.Pipeline;
using Gatehouse.Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Chat;

namespace Gatehouse.Gateway.Tests;

/// <summary>
/// The output guard against the real gateway and a real upstream that streams scripted answers: what reaches the
/// client byte for byte, pseudonym restore per principal, blocks and detector failures mid-stream.
/// </summary>
public sealed class DetectionOutputTests
{
    private const string Card = "4111 1111 1111 1111";

    private static string ChatBody(bool stream, string content = "hello") =>
        $$"""{"model":"m","stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"{{content}}"}]}""";

    [Fact]
    public async Task A_card_number_streamed_across_many_chunks_never_reaches_the_client_in_clear()
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit());
        setup.Upstream.Script = _ => AnswerPiece.Content($"Sure. The card on file is {Card}, expiring soon.", 2);
        var response = await setup.PostAsync(ChatBody(stream: true));
        var raw = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("4111", raw);
        Assert.DoesNotMatch(new Regex(@"\d{4}[ -]?\d{4}"), raw.Replace("\"created\":1", ""));
        var content = SseText.Content(raw);
        Assert.StartsWith("Sure. The card on file is ", content);
        Assert.EndsWith(", expiring soon.", content);
        Assert.Contains("1111", content); // masked, last four kept
        Assert.EndsWith("data: [DONE]\n\n", raw);
        Assert.Contains("CREDIT_CARD", Assert.Single(setup.Audit.Records).OutputFindings.Select(f => f.EntityType));
    }

    [Fact]
    public async Task Clean_text_is_released_before_the_upstream_finishes()
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit());
        var words = string.Concat(Enumerable.Range(0, 80).Select(i => $"word{i} "));
        setup.Upstream.Script = _ => [.. AnswerPiece.Content(words, 6), new AnswerPiece("the end.")];
        setup.Upstream.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        setup.Upstream.GateAfter = words.Length / 6; // everything but the last piece, then wait

        using var request = GatewayServer.Request(HttpMethod.Post, "/v1/chat/completions", setup.Gateway.AdminKey, ChatBody(stream: true));
        using var response = await setup.Gateway.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        // Read until the guard has released clean text while the upstream is still held at its gate.
        var received = await ReadUntilAsync(body, content => content.Contains("word0 word1", StringComparison.Ordinal));
        Assert.False(setup.Upstream.Gate.Task.IsCompleted);
        setup.Upstream.Gate.SetResult();
        var rest = await new StreamReader(body).ReadToEndAsync();
        Assert.Equal(words + "the end.", SseText.Content(received + rest));
    }

    [Fact]
    public async Task Plain_prose_is_released_up_to_its_last_word_while_the_upstream_waits()
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit());
        // Far shorter than the guard's 192-character cap: only a tight hold-back lets it through before the gate opens.
        const string prose = "the answer is short and plain, so it goes out now ";
        setup.Upstream.Script = _ => [.. AnswerPiece.Content(prose, 5), new AnswerPiece("and the end.")];
        setup.Upstream.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        setup.Upstream.GateAfter = (prose.Length + 4) / 5;

        using var request = GatewayServer.Request(HttpMethod.Post, "/v1/chat/completions", setup.Gateway.AdminKey, ChatBody(stream: true));
        using var response = await setup.Gateway.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var received = await ReadUntilAsync(body, content => content == prose);
        Assert.False(setup.Upstream.Gate.Task.IsCompleted);
        setup.Upstream.Gate.SetResult();
        var rest = await new StreamReader(body).ReadToEndAsync();
        Assert.Equal(prose + "and the end.", SseText.Content(received + rest));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_pseudonymized_name_is_restored_for_an_allowed_principal_and_not_for_another(bool stream)
    {
        var decider = DelegateDecider.Permit(
            new Dictionary<string, EntityAction> { ["PERSON"] = EntityAction.Pseudonymize },
            new Dictionary<string, EntityAction> { ["PERSON"] = EntityAction.Allow },
            restore: context => context.Principal.Id == "alice");
        await using var setup = await DetectionGateway.StartAsync(decider);
        // Echo, cut into 3-character chunks so the token <PERSON_1> arrives split across several events.
        setup.Upstream.Script = body => AnswerPiece.Content("Reply: " + body["messages"]![0]!["content"]!.GetValue<string>(), 3);
        const string prompt = "Please draft a letter to Dr. Maria Gonzalez about the results.";

        var alice = await AskAsync(setup.Chat(setup.Gateway.CreateKey("alice", "analyst")), prompt, stream);
        var bob = await AskAsync(setup.Chat(setup.Gateway.CreateKey("bob", "analyst")), prompt, stream);

        foreach (var forwarded in setup.Upstream.Received.Select(r => r["messages"]![0]!["content"]!.GetValue<string>()))
        {
            Assert.DoesNotContain("Gonzalez", forwarded);
            Assert.Contains("<PERSON_1>", forwarded);
        }
        Assert.Equal("Reply: " + prompt, alice);
        Assert.DoesNotContain("Gonzalez", bob);
        Assert.Contains("<PERSON_1>", bob);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Tool_call_arguments_in_the_answer_are_guarded(bool stream)
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit());
        setup.Upstream.Script = _ => [new AnswerPiece("Sending."), .. AnswerPiece.Arguments(0, """{"to":"frank.miller@example.com","card":"4111111111111111"}""", 4)];
        var response = await setup.PostAsync(ChatBody(stream));
        var raw = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var arguments = stream
            ? SseText.Arguments(raw, 0)
            : System.Text.Json.Nodes.JsonNode.Parse(raw)!["choices"]![0]!["message"]!["tool_calls"]![0]!["function"]!["arguments"]!.GetValue<string>();
        Assert.DoesNotContain("frank.miller@example.com", raw);
        Assert.DoesNotContain("41111111", raw);
        var parsed = System.Text.Json.Nodes.JsonNode.Parse(arguments)!; // masking keeps the arguments valid JSON
        Assert.EndsWith(".com", parsed["to"]!.GetValue<string>());
        Assert.EndsWith("1111", parsed["card"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_blocked_type_in_a_streamed_answer_ends_the_stream_with_an_error_event_and_nothing_after()
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit(output: new Dictionary<string, EntityAction> { ["CREDIT_CARD"] = EntityAction.Block }));
        var clean = string.Concat(Enumerable.Repeat("All fine here. ", 20));
        setup.Upstream.Script = _ => AnswerPiece.Content(clean + $"Card {Card} and more text after it.", 5);
        var response = await setup.PostAsync(ChatBody(stream: true));
        var raw = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // headers were sent before the card appeared
        var events = SseText.Events(raw);
        var error = events[^1]["error"]!;
        Assert.Equal(DetectionErrors.OutputBlockedCode, error["code"]!.GetValue<string>());
        Assert.Equal("permission_error", error["type"]!.GetValue<string>());
        Assert.Contains("CREDIT_CARD", error["message"]!.GetValue<string>());
        Assert.DoesNotContain("4111", raw);
        Assert.DoesNotContain("more text after", raw);
        Assert.DoesNotContain("[DONE]", raw);
        Assert.StartsWith("All fine here.", SseText.Content(raw)); // clean text before the card was released
        Assert.Equal(DetectionErrors.OutputBlockedCode, Assert.Single(setup.Audit.Records).ErrorCode);
    }

    [Fact]
    public async Task A_blocked_type_in_a_whole_answer_turns_it_into_a_403_error()
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit(output: new Dictionary<string, EntityAction> { ["CREDIT_CARD"] = EntityAction.Block }));
        setup.Upstream.Script = _ => [new AnswerPiece($"Card {Card}.")];
        var response = await setup.PostAsync(ChatBody(stream: false));
        var error = await OpenAIErrorAssert.IsErrorAsync(response, HttpStatusCode.Forbidden, "permission_error", DetectionErrors.OutputBlockedCode);
        Assert.DoesNotContain("4111", error.ToJsonString());
    }

    [Fact]
    public async Task A_detector_that_throws_on_the_request_refuses_it_with_503_and_the_audit_says_why()
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit(), services: s => s.AddSingleton(sp => ThrowingDetector.Runtime(Path.GetTempPath())));
        var response = await setup.PostAsync(ChatBody(stream: false, $"please {ThrowingDetector.Trigger} this"));

        var error = await OpenAIErrorAssert.IsErrorAsync(response, HttpStatusCode.ServiceUnavailable, "server_error", DetectionErrors.DetectionFailedCode);
        Assert.Contains("test:throwing", error["message"]!.GetValue<string>());
        Assert.Empty(setup.Upstream.Received);
        var record = Assert.Single(setup.Audit.Records);
        Assert.Equal(503, record.Status);
        Assert.Equal(DetectionErrors.DetectionFailedCode, record.ErrorCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_detector_that_throws_on_the_answer_stops_it(bool stream)
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit(), services: s => s.AddSingleton(sp => ThrowingDetector.Runtime(Path.GetTempPath())));
        setup.Upstream.Script = _ => AnswerPiece.Content($"harmless start, then {ThrowingDetector.Trigger} and the secret rest", 4);
        var response = await setup.PostAsync(ChatBody(stream));

        if (!stream)
        {
            await OpenAIErrorAssert.IsErrorAsync(response, HttpStatusCode.ServiceUnavailable, "server_error", DetectionErrors.DetectionFailedCode);
            return;
        }
        var raw = await response.Content.ReadAsStringAsync();
        Assert.Equal(DetectionErrors.DetectionFailedCode, SseText.Events(raw)[^1]["error"]!["code"]!.GetValue<string>());
        Assert.DoesNotContain("secret rest", raw);
        Assert.DoesNotContain("[DONE]", raw);
        Assert.Equal(DetectionErrors.DetectionFailedCode, Assert.Single(setup.Audit.Records).ErrorCode);
    }

    /// <summary>The part of a partly read stream made of whole events (a read may end mid-event).</summary>
    /// <summary>Reads raw SSE from the body until the content of its complete events satisfies <paramref name="done"/>.</summary>
    private static async Task<string> ReadUntilAsync(Stream body, Func<string, bool> done)
    {
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!done(SseText.Content(CompleteEvents(received.ToString()))))
        {
            var read = await body.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(read > 0, "stream ended before the expected content was released");
            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }
        return received.ToString();
    }

    private static string CompleteEvents(string raw) => raw[..(raw.LastIndexOf("\n\n", StringComparison.Ordinal) + 1)];

    private static async Task<string> AskAsync(ChatClient client, string prompt, bool stream)
    {
        if (!stream)
            return (await client.CompleteChatAsync([new UserChatMessage(prompt)])).Value.Content[0].Text;
        var text = new StringBuilder();
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage(prompt)]))
            foreach (var part in update.ContentUpdate)
                text.Append(part.Text);
        return text.ToString();
    }
}
