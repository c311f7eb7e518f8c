using System.Text.Json.Nodes;

namespace Gatehouse.Governance.Models.Bom;

/// <summary>Small builders for the CycloneDX objects that recur (hashes, properties, file URLs).</summary>
internal static class BomJson
{
    public static JsonObject Sha256(string hex) => new() { ["alg"] = "SHA-256", ["content"] = hex };

    public static JsonObject Property(string name, string value) => new() { ["name"] = name, ["value"] = value };

    public static string FileUrl(string path) => new Uri(Path.GetFullPath(path)).AbsoluteUri;

    public static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    public static string ModelRef(ModelReference reference) => $"model:{reference}";
}
