using System.Globalization;
using System.Text.Json.Nodes;
using Gatehouse.Governance.Models.Cards;
using Gatehouse.Governance.Models.Gate;
using Gatehouse.Governance.Models.Registry;

namespace Gatehouse.Governance.Models.Bom;

/// <summary>What goes into an ML-BOM besides the registry record itself.</summary>
/// <param name="Lineage">The model first, then its base chain (from <see cref="ModelRegistry.GetLineage"/>).</param>
/// <param name="RedTeamResults">Red-team results for the model version.</param>
/// <param name="Weights">A fresh weight verification, or null to leave that evidence out.</param>
/// <param name="Timestamp">The BOM's creation time.</param>
/// <param name="ToolVersion">Gatehouse's version, named in <c>metadata.tools</c>.</param>
public sealed record ModelBomInput(
    IReadOnlyList<RegisteredModel> Lineage,
    IReadOnlyList<RedTeamResult> RedTeamResults,
    WeightVerification? Weights,
    DateTimeOffset Timestamp,
    string ToolVersion);

/// <summary>
/// Builds a CycloneDX 1.6 ML-BOM for a registered model version: the model as a <c>machine-learning-model</c> component
/// with its model card, weights as file components with SHA-256, training datasets as <c>data</c> components, the base
/// model chain as <c>pedigree.ancestors</c>, and the gate's evidence (approvals, red-team results, weight check) as
/// <c>gatehouse:</c> properties.
/// </summary>
public static class ModelBomBuilder
{
    /// <summary>The CycloneDX version written.</summary>
    public const string SpecVersion = "1.6";

    /// <summary>Builds the BOM document.</summary>
    public static JsonObject Build(ModelBomInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var model = input.Lineage[0];
        var datasetRefs = model.Datasets.Select(DatasetComponentFactory.BomRef).Distinct().ToList();
        var components = new JsonArray(ModelComponent(model, input, datasetRefs));
        foreach (var dataset in model.Datasets.DistinctBy(DatasetComponentFactory.BomRef))
            components.Add(DatasetComponentFactory.Create(dataset));
        var dependencies = new JsonArray(new JsonObject
        {
            ["ref"] = BomJson.ModelRef(model.Reference),
            ["dependsOn"] = BomJson.Strings(datasetRefs),
        });
        foreach (var reference in datasetRefs)
            dependencies.Add(new JsonObject { ["ref"] = reference, ["dependsOn"] = new JsonArray() });
        return new JsonObject
        {
            ["$schema"] = "http://cyclonedx.org/schema/bom-1.6.schema.json",
            ["bomFormat"] = "CycloneDX",
            ["specVersion"] = SpecVersion,
            ["serialNumber"] = $"urn:uuid:{Guid.NewGuid()}",
            ["version"] = 1,
            ["metadata"] = new JsonObject
            {
                ["timestamp"] = input.Timestamp.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["tools"] = new JsonObject
                {
                    ["components"] = new JsonArray(new JsonObject
                    {
                        ["type"] = "application", ["name"] = "gatehouse", ["version"] = input.ToolVersion,
                    }),
                },
            },
            ["components"] = components,
            ["dependencies"] = dependencies,
        };
    }

    private static JsonObject ModelComponent(RegisteredModel model, ModelBomInput input, IReadOnlyList<string> datasetRefs)
    {
        var card = ParseCard(model.Card);
        var component = BaseComponent(model, card);
        if (card?.Sections.FirstOrDefault(s => s.Level == 1) is { } title)
            component["description"] = title.Title;
        if (model.Weights.Count > 0)
            component["components"] = new JsonArray(model.Weights.Select((w, i) => (JsonNode?)new JsonObject
            {
                ["bom-ref"] = $"{BomJson.ModelRef(model.Reference)}:weights:{i}",
                ["type"] = "file",
                ["name"] = Path.GetFileName(w.Path),
                ["hashes"] = new JsonArray(BomJson.Sha256(w.Sha256)),
                ["properties"] = new JsonArray(BomJson.Property("gatehouse:weights:size-bytes", w.SizeBytes.ToString(CultureInfo.InvariantCulture))),
            }).ToArray());
        if (Ancestors(input.Lineage, 1) is { } ancestors)
            component["pedigree"] = new JsonObject { ["ancestors"] = ancestors };
        if (model.Card is { } stored)
            component["externalReferences"] = new JsonArray(new JsonObject
            {
                ["type"] = "model-card", ["url"] = BomJson.FileUrl(stored.Path), ["hashes"] = new JsonArray(BomJson.Sha256(stored.Sha256)),
            });
        component["modelCard"] = ModelCardMapper.Map(card, datasetRefs);
        component["properties"] = GateEvidence.Properties(model, input.RedTeamResults, input.Weights);
        return component;
    }

    /// <summary>The fields a model and its ancestors share: identity, weight hashes, licences.</summary>
    private static JsonObject BaseComponent(RegisteredModel model, ModelCard? card)
    {
        var component = new JsonObject
        {
            ["bom-ref"] = BomJson.ModelRef(model.Reference),
            ["type"] = "machine-learning-model",
            ["name"] = model.Reference.Name,
            ["version"] = model.Reference.Version,
        };
        if (model.Weights.Count > 0)
            component["hashes"] = new JsonArray(model.Weights.Select(w => (JsonNode?)BomJson.Sha256(w.Sha256)).DistinctBy(h => h!["content"]!.GetValue<string>()).ToArray());
        if (card is not null && LicenseMapper.ToLicenses(card.FieldList("license"), card.Field("license_name"), card.Field("license_link")) is { } licenses)
            component["licenses"] = licenses;
        return component;
    }

    private static JsonArray? Ancestors(IReadOnlyList<RegisteredModel> lineage, int index)
    {
        if (index >= lineage.Count)
            return null;
        var ancestor = BaseComponent(lineage[index], ParseCard(lineage[index].Card));
        ancestor["properties"] = new JsonArray(
            BomJson.Property("gatehouse:registrant", lineage[index].Registrant),
            BomJson.Property("gatehouse:approved", lineage[index].IsApproved ? "true" : "false"));
        if (Ancestors(lineage, index + 1) is { } older)
            ancestor["pedigree"] = new JsonObject { ["ancestors"] = older };
        return new JsonArray(ancestor);
    }

    private static ModelCard? ParseCard(StoredCard? stored)
    {
        if (stored is null)
            return null;
        try
        {
            return ModelCardParser.Parse(stored.Text, stored.Path);
        }
        catch (ModelGovernanceException)
        {
            // A card registered with --allow-incomplete-card may not parse; the BOM still describes the model.
            return null;
        }
    }
}
