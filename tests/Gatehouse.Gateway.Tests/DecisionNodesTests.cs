using System.Text.Json.Nodes;
using Gatehouse.Gateway.Policy;
using Gatehouse.Policy.Values;
using Xunit;

namespace Gatehouse.Gateway.Tests;

/// <summary>The decision value becomes the same JSON tree the engine's own JSON text would parse to.</summary>
public sealed class DecisionNodesTests
{
    [Fact]
    public void Every_kind_of_value_matches_the_engines_json_text()
    {
        var value = ValueJson.Parse("""
            {"allow": true, "deny": false, "reasons": ["a \"quoted\" reason", "ünïcode <tag>"], "none": null,
             "limits": {"max_tokens": 256, "ratio": 0.125, "big": 12345678901234567890},
             "actions": {"EMAIL": "mask", "nested": [{"x": [1, 2.5, -3]}, []], "empty": {}}}
            """);
        var withSet = ((ObjectValue)value).With(new StringValue("tags"), SetValue.Of(new StringValue("b"), new StringValue("a")));

        var expected = JsonNode.Parse(ValueJson.ToJsonString(withSet));
        var actual = DecisionNodes.From(withSet);

        Assert.True(JsonNode.DeepEquals(expected, actual), $"{actual?.ToJsonString()} != {expected?.ToJsonString()}");
        Assert.Equal(expected!.ToJsonString(), actual!.ToJsonString());
        Assert.Equal(256, actual["limits"]!["max_tokens"]!.GetValue<int>());
        Assert.Null(DecisionNodes.From(NullValue.Instance));
    }

    [Fact]
    public void A_non_string_key_is_written_as_its_json_text()
    {
        var value = ObjectValue.Of([new KeyValuePair<Value, Value>(NumberValue.Of(7), new StringValue("seven"))]);

        var node = DecisionNodes.From(value)!.AsObject();

        Assert.Equal("seven", node["7"]!.GetValue<string>());
    }
}
