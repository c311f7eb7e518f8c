using System.Net;
using System.Text.Json.Nodes;
using Gatehouse.Gateway.DataProtection;
using Gatehouse.Gateway.Pipeline;
using Gatehouse.Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Chat;

namespace Gatehouse.Gateway.Tests;

/// <summary>
/// The detect and transform stages against the real gateway, a real upstream and the OpenAI SDK: what the upstream
/// receives, what the policy sees, and what the caller is told.
/// </summary>
public sealed class DetectionInputTests
{
    private static readonly Dictionary<string, EntityAction> BlockSecrets =
        Gatehouse.Detection.EntityTypes.Secrets.ToDictionary(t => t, _ => EntityAction.Block);

    [Fact]
    public async Task An_email_in_the_prompt_arrives_masked_upstream_and_the_policy_saw_its_type_path_and_score()
    {
        var decider = DelegateDecider.Permit(); // no action for EMAIL: the transform stage masks it
        await using var setup = await DetectionGateway.StartAsync(decider);
        var answer = await setup.Chat(setup.Gateway.AdminKey).CompleteChatAsync([new UserChatMessage("Please write to maria.gonzalez@example.com today")]);

        var forwarded = Assert.Single(setup.Upstream.Received)["messages"]![0]!["content"]!.GetValue<string>();
        Assert.DoesNotContain("maria.gonzalez@example.com", forwarded);
        Assert.StartsWith("Please write to ", forwarded);
        Assert.EndsWith(".com today", forwarded);
        Assert.Contains("****", forwarded);
        Assert.Equal(forwarded, answer.Value.Content[0].Text);
        var seen = Assert.Single(decider.Seen).InputFindingLocations;
        var email = Assert.Single(seen, f => f.Finding.EntityType == "EMAIL");
        Assert.Equal("messages[0].content", email.Path);
        Assert.InRange(email.Finding.Score, 0.5, 1.0);
    }

    [Fact]
    public async Task The_response_header_names_the_entity_types_acted_on_never_the_values()
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit(new Dictionary<string, EntityAction> { ["EMAIL"] = EntityAction.Redact }));
        var response = await setup.PostAsync("""{"model":"m","messages":[{"role":"user","content":"mail bob.smith@example.org now"}]}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("EMAIL", Assert.Single(response.Headers.GetValues("x-gatehouse-entities")));
        Assert.Equal("mail  now", Assert.Single(setup.Upstream.Received)["messages"]![0]!["content"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_secret_in_the_prompt_is_refused_with_403_naming_type_and_path_and_never_reaches_the_upstream(bool stream)
    {
        const string token = "ghp_4f8Kq2LmN9pR3sT6vW1xY5zA7bC0dE2gH4jK";
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit(BlockSecrets));
        var response = await setup.PostAsync($$"""{"model":"m","stream":{{(stream ? "true" : "false")}},"messages":[{"role":"system","content":"be brief"},{"role":"user","content":"deploy with {{token}} please"}]}""");

        var error = await OpenAIErrorAssert.IsErrorAsync(response, HttpStatusCode.Forbidden, "permission_error", DetectionErrors.InputBlockedCode);
        var message = error["message"]!.GetValue<string>();
        Assert.Contains("GITHUB_TOKEN at messages[1].content", message);
        Assert.DoesNotContain(token, message);
        Assert.Empty(setup.Upstream.Received);
        var record = Assert.Single(setup.Audit.Records);
        Assert.Equal(403, record.Status);
        Assert.Equal(DetectionErrors.InputBlockedCode, record.ErrorCode);
        Assert.Contains("GITHUB_TOKEN", record.ActedOnEntityTypes);
    }

    [Fact]
    public async Task Tool_call_arguments_and_tool_results_are_scanned_and_stay_valid_json_strings()
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit(new Dictionary<string, EntityAction> { ["EMAIL"] = EntityAction.Pseudonymize }));
        var body = """
            {"model":"m","messages":[
              {"role":"user","content":"mail the report"},
              {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"send_mail","arguments":"{\"to\":\"carol.white@example.net\",\"cc\":[\"dan@example.io\"]}"}}]},
              {"role":"tool","tool_call_id":"call_1","content":"delivered to carol.white@example.net"},
              {"role":"user","content":"thanks"}]}
            """;
        var response = await setup.PostAsync(body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var messages = Assert.Single(setup.Upstream.Received)["messages"]!.AsArray();
        var arguments = messages[1]!["tool_calls"]![0]!["function"]!["arguments"]!.GetValue<string>();
        var parsed = JsonNode.Parse(arguments)!; // still JSON inside the string
        Assert.Equal("<EMAIL_1>", parsed["to"]!.GetValue<string>());
        Assert.Equal("<EMAIL_2>", parsed["cc"]![0]!.GetValue<string>());
        Assert.Equal("delivered to <EMAIL_1>", messages[2]!["content"]!.GetValue<string>());
        Assert.DoesNotContain("example.net", messages.ToJsonString());
    }

    [Fact]
    public async Task Content_parts_completions_style_fields_and_unknown_fields_survive_the_transform()
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit());
        setup.Upstream.Script = _ => [new AnswerPiece("ok")];
        var response = await setup.PostAsync("""
            {"model":"m","x_custom":{"keep":1},"messages":[{"role":"user","content":[{"type":"text","text":"call +1 415 555 0132 now"},{"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]}]}
            """);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(setup.Upstream.Received);
        Assert.Equal(1, received["x_custom"]!["keep"]!.GetValue<int>());
        var text = received["messages"]![0]!["content"]![0]!["text"]!.GetValue<string>();
        Assert.DoesNotContain("415 555 0132", text);
        Assert.StartsWith("call ", text);
    }

    [Fact]
    public async Task An_input_allow_forwards_the_value_unchanged_while_the_answer_still_gets_the_default_output_action()
    {
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit(new Dictionary<string, EntityAction> { ["EMAIL"] = EntityAction.Allow }));
        var response = await setup.PostAsync("""{"model":"m","messages":[{"role":"user","content":"from eve@example.com"}]}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("from eve@example.com", Assert.Single(setup.Upstream.Received)["messages"]![0]!["content"]!.GetValue<string>());
        // The upstream echoed the address; the output side has no EMAIL entry, so DefaultOutputAction (mask) applies.
        var answer = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["choices"]![0]!["message"]!["content"]!.GetValue<string>();
        Assert.DoesNotContain("eve@example.com", answer);
        Assert.Equal("EMAIL", Assert.Single(response.Headers.GetValues("x-gatehouse-entities")));
    }

    [Fact]
    public async Task Embedding_input_and_completion_prompts_are_transformed_before_forwarding()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var gateway = await GatewayServer.StartAsync(
            $"models:\n  e:\n    baseUrl: {upstream.BaseUrl}\n    upstreamModel: embed\n    roles: [\"*\"]\n  c:\n    baseUrl: {upstream.BaseUrl}\n    upstreamModel: echo\n    roles: [\"*\"]\n",
            s => s.AddSingleton<IPolicyDecider>(DelegateDecider.Permit(new Dictionary<string, EntityAction> { ["EMAIL"] = EntityAction.Redact })));
        Assert.Equal(HttpStatusCode.OK, (await gateway.SendAsync(HttpMethod.Post, "/v1/embeddings", gateway.AdminKey, """{"model":"e","input":["plain","to ann@example.com"]}""")).StatusCode);
        var completion = await gateway.SendAsync(HttpMethod.Post, "/v1/completions", gateway.AdminKey, """{"model":"c","prompt":"to ann@example.com"}""");
        Assert.Equal(HttpStatusCode.OK, completion.StatusCode);

        var bodies = upstream.Received.Select(r => r.Body).ToArray();
        Assert.Equal("""["plain","to "]""", bodies[0]["input"]!.ToJsonString());
        Assert.Equal("to ", bodies[1]["prompt"]!.GetValue<string>());
        Assert.DoesNotContain("ann@example.com", await completion.Content.ReadAsStringAsync());
    }
}
