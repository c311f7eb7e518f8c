using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gatehouse.Gateway.Upstreams;

/// <summary>How the relays' general path parses an upstream answer or stream event into a JSON tree.</summary>
internal static class UpstreamJson
{
    /// <summary>
    /// A repeated member is refused: clients differ on which one wins, so the one the guard reads may not be the one
    /// the caller reads (and a tree read over one throws where it is first touched, not as a parse error).
    /// </summary>
    private static readonly JsonDocumentOptions Options = new() { AllowDuplicateProperties = false };

    /// <summary>Parses <paramref name="json"/>; throws <see cref="JsonException"/> when it is not a JSON object the gateway can read unambiguously.</summary>
    public static JsonObject ParseObject(ReadOnlySpan<byte> json) =>
        JsonNode.Parse(json, documentOptions: Options) as JsonObject ?? throw new JsonException("not a JSON object");
}
