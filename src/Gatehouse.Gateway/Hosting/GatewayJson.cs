using System.Text.Encodings.Web;
using System.Text.Json;

namespace Gatehouse.Gateway.Hosting;

/// <summary>
/// JSON output settings for everything the gateway writes: characters are escaped only where JSON requires it, so
/// relayed model text (accents, quotes, non-Latin scripts) comes back byte-for-byte as readable as the upstream sent it.
/// Responses are JSON APIs, never embedded in HTML, so HTML-safe escaping would only obscure them.
/// </summary>
public static class GatewayJson
{
    /// <summary>Options for <c>JsonNode.ToJsonString</c>.</summary>
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Options for <see cref="Utf8JsonWriter"/>.</summary>
    public static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
