using System.Net;
using System.Text.Json.Nodes;
using Gatehouse.Gateway.Tests.Support;

namespace Gatehouse.Gateway.Tests;

/// <summary>
/// How a whole (non-stream) answer is rewritten, with the upstream sending exact body text: the common answer goes out
/// byte for byte except <c>model</c> and guarded text, its usage reaches the audit, and other shapes (several choices,
/// tool calls, a repeated content field, a body that is not JSON) are still guarded or refused as before.
/// </summary>
public sealed class WholeAnswerRewriteTests
{
    private const string Card = "4111 1111 1111 1111";
    private const string Body = """{"model":"m","messages":[{"role":"user","content":"hello"}]}""";

    private static string Answer(string content, string model = "scripted") =>
        $$$"""{"id":"a1","object":"chat.completion","created":1,"model":"{{{model}}}","system_fingerprint":"fp_\u00e9","x_vendor":{"n":[1.50,2e3]},"choices":[{"index":0,"message":{"role":"assistant","content":{{{content}}},"refusal":null},"logprobs":null,"finish_reason":"stop"}],""" +
        Usage;

    private const string Usage = "\"usage\":{\"prompt_tokens\":21,\"completion_tokens\":9,\"total_tokens\":30,\"prompt_tokens_details\":{\"cached_tokens\":0}}}";

    [Fact]
    public async Task A_plain_answer_goes_out_byte_for_byte_but_for_the_model_alias_and_its_usage_reaches_the_audit()
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit());
        setup.Upstream.RawAnswer = _ => Answer("\"Nothing to hide h\\u00e9re.\"");
        var response = await setup.PostAsync(Body);
        var raw = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Answer("\"Nothing to hide h\\u00e9re.\"", model: "m"), raw);
        var record = Assert.Single(setup.Audit.Records);
        Assert.Equal(21, record.PromptTokens);
        Assert.Equal(9, record.CompletionTokens);
        Assert.Equal("Nothing to hide hére.", record.OutputText.ToString());
    }

    [Fact]
    public async Task A_card_in_a_plain_answer_is_masked_in_place_and_every_other_byte_kept()
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit());
        // The digits are partly escaped (\u0034 is 4): the guard sees the text, not the JSON spelling.
        setup.Upstream.RawAnswer = _ => Answer("\"Card: \\u0034111 1111 1111 1111, ok\"");
        var response = await setup.PostAsync(Body);
        var raw = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var content = JsonNode.Parse(raw)!["choices"]![0]!["message"]!["content"]!.GetValue<string>();
        Assert.DoesNotContain("4111", content);
        Assert.StartsWith("Card: ", content);
        Assert.EndsWith("1111, ok", content);
        Assert.Equal(Answer(System.Text.Json.JsonSerializer.Serialize(content, Hosting.GatewayJson.Options), model: "m"), raw);
    }

    [Fact]
    public async Task Several_choices_and_tool_call_arguments_are_each_guarded()
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit());
        setup.Upstream.RawAnswer = _ => $$$"""
            {"model":"scripted","choices":[
              {"index":0,"message":{"role":"assistant","content":"First is fine."},"finish_reason":"stop"},
              {"index":1,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"pay","arguments":"{\"card\":\"{{{Card}}}\"}"}}]},"finish_reason":"tool_calls"}]}
            """;
        var response = await setup.PostAsync(Body);
        var raw = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("4111", raw);
        var choices = JsonNode.Parse(raw)!["choices"]!;
        Assert.Equal("First is fine.", choices[0]!["message"]!["content"]!.GetValue<string>());
        Assert.EndsWith("1111\"}", choices[1]!["message"]!["tool_calls"]![0]!["function"]!["arguments"]!.GetValue<string>());
        Assert.Equal("m", JsonNode.Parse(raw)!["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_repeated_content_field_cannot_carry_unscanned_text_past_the_guard()
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit());
        setup.Upstream.RawAnswer = _ => $$$"""{"model":"scripted","choices":[{"index":0,"message":{"content":"fine","content":"{{{Card}}}"}}]}""";
        var response = await setup.PostAsync(Body);
        var raw = await response.Content.ReadAsStringAsync();

        Assert.DoesNotContain("4111", raw);
    }

    [Fact]
    public async Task An_answer_that_is_not_json_is_a_502_that_says_so()
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit());
        setup.Upstream.RawAnswer = _ => """{"model":"scripted","choices":[{"index":0,"message":{"content":"cut""";
        var response = await setup.PostAsync(Body);

        var error = await OpenAIErrorAssert.IsErrorAsync(response, HttpStatusCode.BadGateway, "upstream_error", "upstream_unavailable");
        Assert.Contains("answered with invalid JSON", error["message"]!.GetValue<string>());
    }
}
