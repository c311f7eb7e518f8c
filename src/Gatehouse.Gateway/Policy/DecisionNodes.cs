using System.Text.Json.Nodes;
using Gatehouse.Policy.Values;

namespace Gatehouse.Gateway.Policy;

/// <summary>
/// Turns the policy engine's decision value into the JSON tree <see cref="DecisionMapper"/> reads, node by node.
/// Writing the value as JSON text and parsing that text again cost a string and a document per request.
/// </summary>
internal static class DecisionNodes
{
    /// <summary>The JSON form of <paramref name="value"/>; JSON <c>null</c> is a C# null, sets are arrays.</summary>
    public static JsonNode? From(Value value) => value switch
    {
        NullValue => null,
        BooleanValue b => JsonValue.Create(b.Value),
        StringValue s => JsonValue.Create(s.Value),
        ArrayValue a => Array(a),
        SetValue set => Array(set),
        ObjectValue o => Object(o),
        // Numbers keep the engine's exact JSON text (a decimal, not a double); decisions hold only a few.
        _ => JsonNode.Parse(ValueJson.ToJsonString(value)),
    };

    private static JsonArray Array(IEnumerable<Value> items)
    {
        var array = new JsonArray();
        foreach (var item in items)
            array.Add(From(item));
        return array;
    }

    private static JsonObject Object(ObjectValue value)
    {
        var json = new JsonObject();
        foreach (var (key, item) in value)
            json[key is StringValue s ? s.Value : ValueJson.ToJsonString(key)] = From(item);
        return json;
    }
}
