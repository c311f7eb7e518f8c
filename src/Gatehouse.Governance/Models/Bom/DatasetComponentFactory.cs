using System.Text.Json.Nodes;
using Gatehouse.Governance.Models.Registry;

namespace Gatehouse.Governance.Models.Bom;

/// <summary>Turns a registered training dataset into a CycloneDX <c>data</c> component.</summary>
public static class DatasetComponentFactory
{
    /// <summary>A bom-ref that is stable for the same manifest: its name and version, else its digest.</summary>
    public static string BomRef(DatasetRecord dataset) =>
        dataset.Name is { } name ? $"dataset:{name}@{dataset.Version ?? dataset.ManifestSha256[..12]}" : $"dataset:sha256:{dataset.ManifestSha256}";

    /// <summary>Builds the component.</summary>
    public static JsonObject Create(DatasetRecord dataset)
    {
        var name = dataset.Name ?? Path.GetFileName(Path.GetDirectoryName(dataset.ManifestPath)) ?? dataset.ManifestPath;
        var data = new JsonObject
        {
            ["type"] = "dataset",
            ["name"] = name,
            ["contents"] = new JsonObject { ["url"] = BomJson.FileUrl(dataset.ManifestPath) },
        };
        if (dataset.Owner is { } owner)
            data["governance"] = new JsonObject
            {
                ["owners"] = new JsonArray(new JsonObject { ["organization"] = new JsonObject { ["name"] = owner } }),
            };
        var component = new JsonObject
        {
            ["bom-ref"] = BomRef(dataset),
            ["type"] = "data",
            ["name"] = name,
        };
        if (dataset.Version is { } version)
            component["version"] = version;
        component["hashes"] = new JsonArray(BomJson.Sha256(dataset.ManifestSha256));
        if (LicenseMapper.ToLicenses(dataset.Licenses) is { } licenses)
            component["licenses"] = licenses;
        if (dataset.StatementPath is { } statement)
            component["externalReferences"] = new JsonArray(new JsonObject
            {
                ["type"] = "attestation",
                ["url"] = BomJson.FileUrl(statement),
                ["comment"] = "Dataset verification statement (in-toto attestation in a DSSE envelope)",
                ["hashes"] = new JsonArray(BomJson.Sha256(dataset.StatementSha256!)),
            });
        component["data"] = new JsonArray(data);
        component["properties"] = new JsonArray(
            BomJson.Property("gatehouse:dataset:manifest", dataset.ManifestPath),
            BomJson.Property("gatehouse:dataset:verified", dataset.StatementPath is null ? "no statement" : "statement recorded"));
        return component;
    }
}
