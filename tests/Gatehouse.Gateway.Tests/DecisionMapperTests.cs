using System.Text.Json.Nodes;
using Gatehouse.Gateway.Pipeline;
using Gatehouse.Gateway.Policy;
using Gatehouse.Policy.Values;

namespace Gatehouse.Gateway.Tests;

/// <summary>The decision JSON maps onto <see cref="GatewayDecision"/> field by field, and anything malformed fails closed.</summary>
public sealed class DecisionMapperTests
{
    [Fact]
    public void Every_field_of_a_full_decision_is_mapped()
    {
        var decision = DecisionMapper.Map(JsonNode.Parse("""
            {"allow": true, "reasons": ["ok"], "input_actions": {"EMAIL": "pseudonymize", "IBAN": "hash"},
             "output_actions": {"AWS_ACCESS_KEY": "block", "PHONE": "encrypt"}, "default_output_action": "redact",
             "restore_pseudonyms": true, "store_payloads": true,
             "limits": {"max_tokens": 1024, "requests_per_minute": 60, "tokens_per_minute": 0}}
            """));
        Assert.True(decision.Allow);
        Assert.Equal(["ok"], decision.Reasons);
        Assert.Equal(EntityAction.Pseudonymize, decision.InputActions["EMAIL"]);
        Assert.Equal(EntityAction.Hash, decision.InputActions["IBAN"]);
        Assert.Equal(EntityAction.Block, decision.OutputActions["AWS_ACCESS_KEY"]);
        Assert.Equal(EntityAction.Encrypt, decision.OutputActions["PHONE"]);
        Assert.Equal(EntityAction.Redact, decision.DefaultOutputAction);
        Assert.True(decision.RestorePseudonyms);
        Assert.True(decision.StorePayloads);
        Assert.Equal(new DecisionLimits(1024, 60, null), decision.Limits);
    }

    [Fact]
    public void Absent_optional_fields_take_the_safe_defaults()
    {
        var decision = DecisionMapper.Map(JsonNode.Parse("""{"allow": false}"""));
        Assert.False(decision.Allow);
        Assert.Equal(["denied by policy"], decision.Reasons);
        Assert.Equal(EntityAction.Mask, decision.DefaultOutputAction);
        Assert.False(decision.RestorePseudonyms);
        Assert.False(decision.StorePayloads);
        Assert.Equal(DecisionLimits.None, decision.Limits);
    }

    [Theory]
    [InlineData(null, "data.gatehouse.decision is undefined")]
    [InlineData("[true]", "data.gatehouse.decision is an array, not an object")]
    [InlineData("""{"allow": "yes"}""", "allow is missing or not a boolean")]
    [InlineData("""{"reasons": []}""", "allow is missing or not a boolean")]
    [InlineData("""{"allow": true, "input_actions": {"EMAIL": "shred"}}""", "unknown action 'shred' in data.gatehouse.decision.input_actions.EMAIL")]
    [InlineData("""{"allow": true, "output_actions": ["mask"]}""", "output_actions is an array, not an object")]
    [InlineData("""{"allow": true, "default_output_action": 3}""", "default_output_action is a number, not an action name")]
    [InlineData("""{"allow": true, "store_payloads": "no"}""", "store_payloads is a string, not a boolean")]
    [InlineData("""{"allow": true, "limits": {"max_tokens": -1}}""", "limits.max_tokens is not a non-negative integer")]
    [InlineData("""{"allow": true, "reasons": [1]}""", "reasons must hold strings only")]
    public void A_malformed_decision_denies_and_names_the_problem(string? json, string expected)
    {
        var decision = DecisionMapper.Map(json is null ? null : JsonNode.Parse(json));
        Assert.False(decision.Allow);
        Assert.Contains(decision.Reasons, r => r.StartsWith("policy error: ", StringComparison.Ordinal) && r.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void The_engines_value_is_mapped_as_its_json_form_would_be()
    {
        // Sets are arrays, null members are absent, a non-string key is its JSON text, limits are whole numbers.
        var value = ((ObjectValue)ValueJson.Parse("""
            {"allow": true, "default_output_action": null, "store_payloads": null,
             "limits": {"max_tokens": 2.0, "requests_per_minute": null, "tokens_per_minute": 100}}
            """))
            .With(new StringValue("reasons"), SetValue.Of(new StringValue("b"), new StringValue("a")))
            .With(new StringValue("input_actions"), ObjectValue.Of([new KeyValuePair<Value, Value>(NumberValue.Of(7), new StringValue("hash"))]));

        var decision = DecisionMapper.Map(value);

        Assert.True(decision.Allow);
        Assert.Equal(["a", "b"], decision.Reasons);
        Assert.Equal(EntityAction.Hash, decision.InputActions["7"]);
        Assert.Equal(EntityAction.Mask, decision.DefaultOutputAction);
        Assert.False(decision.StorePayloads);
        Assert.Equal(new DecisionLimits(2, null, 100), decision.Limits);
        Assert.Equal(decision.Reasons, DecisionMapper.Map(JsonNode.Parse(ValueJson.ToJsonString(value))).Reasons);
    }

    [Theory]
    [InlineData("""{"allow": true, "limits": {"max_tokens": 1.5}}""")]
    [InlineData("""{"allow": true, "limits": {"max_tokens": 1e400}}""")]
    [InlineData("""{"allow": true, "input_actions": {"EMAIL": null}}""")]
    [InlineData("null")]
    public void A_malformed_engine_value_denies(string json)
    {
        var decision = DecisionMapper.Map(ValueJson.Parse(json));
        Assert.False(decision.Allow);
        Assert.All(decision.Reasons, r => Assert.StartsWith("policy error: ", r, StringComparison.Ordinal));
    }
}
