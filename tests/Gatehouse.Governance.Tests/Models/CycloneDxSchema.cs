using Gatehouse.Testing;
using NJsonSchema;

namespace Gatehouse.Governance.Tests.Models;

/// <summary>
/// The CycloneDX 1.6 JSON schema from ../shared, loaded once. NJsonSchema resolves the relative references
/// (spdx.schema.json, jsf-0.82.schema.json) against the schema file's own folder, so nothing is fetched.
/// </summary>
internal static class CycloneDxSchema
{
    private static readonly Lazy<Task<JsonSchema>> Schema = new(() =>
        JsonSchema.FromFileAsync(RepositoryPaths.SharedFile("schemas", "cyclonedx", "schema", "bom-1.6.schema.json")));

    /// <summary>Every validation error of <paramref name="json"/>, as "path: kind" lines (empty when valid).</summary>
    public static async Task<IReadOnlyList<string>> ValidateAsync(string json)
    {
        var schema = await Schema.Value;
        return schema.Validate(json).Select(e => $"{e.Path}: {e.Kind} {e.Property}").ToList();
    }
}
