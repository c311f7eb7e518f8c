using System.Text.Json;
using System.Text.Json.Nodes;
using Gatehouse.Gateway.Errors;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.Gateway.Endpoints;

/// <summary>Reads and shape-checks OpenAI request bodies, turning every kind of bad input into a precise 400.</summary>
internal static class RequestBodyReader
{
    /// <summary>Parses the body as a JSON object; 400 for anything else, 413 when over the size limit.</summary>
    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
            throw GatewayErrors.BodyTooLarge(maxBytes);
        JsonNode? node;
        try
        {
            node = await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            throw GatewayErrors.InvalidRequest(
                $"We could not parse the JSON body of your request: {e.Message.Split(" LineNumber:")[0].Split(" Path:")[0]} (line {e.LineNumber + 1}, byte {e.BytePositionInLine}).",
                code: "invalid_json");
        }
        return node as JsonObject
            ?? throw GatewayErrors.InvalidRequest("The request body must be a JSON object.", code: "invalid_json");
    }

    /// <summary>The required string field <paramref name="name"/>.</summary>
    public static string RequiredString(JsonObject body, string name)
    {
        if (!body.TryGetPropertyValue(name, out var node) || node is null)
            throw GatewayErrors.InvalidRequest($"Missing required parameter: '{name}'.", name, "missing_required_parameter");
        if (node is not JsonValue value || !value.TryGetValue<string>(out var text))
            throw GatewayErrors.InvalidRequest($"Invalid type for '{name}': expected a string, got {Describe(node)}.", name, "invalid_type");
        if (text.Length == 0)
            throw GatewayErrors.InvalidRequest($"Invalid value for '{name}': it must not be empty.", name, "invalid_value");
        return text;
    }

    /// <summary>The optional boolean field <paramref name="name"/>.</summary>
    public static bool OptionalBoolean(JsonObject body, string name)
    {
        if (!body.TryGetPropertyValue(name, out var node) || node is null)
            return false;
        if (node is JsonValue value && value.TryGetValue<bool>(out var flag))
            return flag;
        throw GatewayErrors.InvalidRequest($"Invalid type for '{name}': expected a boolean, got {Describe(node)}.", name, "invalid_type");
    }

    /// <summary>Requires <paramref name="name"/> to be present and of one of the given JSON kinds.</summary>
    public static void Require(JsonObject body, string name, params JsonValueKind[] kinds)
    {
        if (!body.TryGetPropertyValue(name, out var node) || node is null)
            throw GatewayErrors.InvalidRequest($"Missing required parameter: '{name}'.", name, "missing_required_parameter");
        if (!kinds.Contains(node.GetValueKind()))
            throw GatewayErrors.InvalidRequest(
                $"Invalid type for '{name}': expected {string.Join(" or ", kinds.Select(Name))}, got {Describe(node)}.", name, "invalid_type");
        if (node is JsonArray { Count: 0 })
            throw GatewayErrors.InvalidRequest($"Invalid value for '{name}': it must not be empty.", name, "invalid_value");
    }

    private static string Describe(JsonNode node) => Name(node.GetValueKind());

    private static string Name(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
