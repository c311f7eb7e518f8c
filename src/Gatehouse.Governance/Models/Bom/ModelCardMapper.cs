using System.Text.Json.Nodes;
using Gatehouse.Governance.Models.Cards;
using YamlDotNet.RepresentationModel;

namespace Gatehouse.Governance.Models.Bom;

/// <summary>
/// Maps a Markdown model card onto CycloneDX's <c>modelCard</c>: the task and architecture into
/// <c>modelParameters</c>, <c>model-index</c> results into <c>quantitativeAnalysis</c>, and the use and limitation
/// sections into <c>considerations</c>. Sections CycloneDX has no field for (out-of-scope use, contact) become
/// <c>modelcard:</c> properties.
/// </summary>
public static class ModelCardMapper
{
    private static readonly RequiredCardSection Users = new("users", "intended users", ["intended users", "users", "direct users", "audience"]);
    private static readonly RequiredCardSection Recommendations = new("recommendations", "recommendations", ["recommendations", "mitigations"]);
    private static readonly RequiredCardSection Ethics = new("ethics", "ethical considerations",
        ["ethical considerations", "ethics", "risks", "bias", "bias and fairness"]);
    private static readonly string[] EthicalWords = ["bias", "risk", "harm", "fair", "discriminat", "toxic", "privacy", "personal data"];

    /// <summary>Builds the <c>modelCard</c> object.</summary>
    /// <param name="card">The parsed card, or null when none was registered.</param>
    /// <param name="datasetRefs">bom-refs of the model's data components.</param>
    public static JsonObject Map(ModelCard? card, IReadOnlyList<string> datasetRefs)
    {
        var modelCard = new JsonObject();
        var parameters = Parameters(card, datasetRefs);
        if (parameters.Count > 0)
            modelCard["modelParameters"] = parameters;
        if (card is null)
            return modelCard;
        if (PerformanceMetrics(card) is { Count: > 0 } metrics)
            modelCard["quantitativeAnalysis"] = new JsonObject { ["performanceMetrics"] = metrics };
        if (Considerations(card) is { Count: > 0 } considerations)
            modelCard["considerations"] = considerations;
        var properties = new JsonArray();
        AddStatements(properties, "modelcard:out-of-scope-use", card, RequiredCardSection.All.Single(s => s.Id == "out_of_scope_use"));
        AddStatements(properties, "modelcard:contact", card, RequiredCardSection.All.Single(s => s.Id == "contact"));
        AddStatements(properties, "modelcard:training-data", card, RequiredCardSection.All.Single(s => s.Id == "training_data"));
        if (properties.Count > 0)
            modelCard["properties"] = properties;
        return modelCard;
    }

    private static JsonObject Parameters(ModelCard? card, IReadOnlyList<string> datasetRefs)
    {
        var parameters = new JsonObject();
        if (card?.Field("pipeline_tag") is { } task)
            parameters["task"] = task;
        if ((card?.Field("architecture_family") ?? card?.Field("model_type")) is { } family)
            parameters["architectureFamily"] = family;
        if (card?.Find(RequiredCardSection.All[0]) is { } architecture && CardText.Statements(architecture.Lead) is { Count: > 0 } lines)
            parameters["modelArchitecture"] = string.Join(" ", lines);
        if (datasetRefs.Count > 0)
            parameters["datasets"] = new JsonArray(datasetRefs.Select(r => (JsonNode?)new JsonObject { ["ref"] = r }).ToArray());
        return parameters;
    }

    private static JsonArray PerformanceMetrics(ModelCard card)
    {
        var metrics = new JsonArray();
        if (card.FrontMatterValue("model-index") is not YamlSequenceNode index)
            return metrics;
        foreach (var result in index.OfType<YamlMappingNode>().Select(m => ModelCardValidator.Child(m, "results")).OfType<YamlSequenceNode>().SelectMany(r => r).OfType<YamlMappingNode>())
        {
            var dataset = ModelCardValidator.Child(result, "dataset");
            var slice = string.Join(" / ", new[] { ModelCardValidator.Scalar(dataset, "name"), ModelCardValidator.Scalar(dataset, "split") }.Where(s => s is not null));
            if (ModelCardValidator.Child(result, "metrics") is not YamlSequenceNode list)
                continue;
            foreach (var metric in list.OfType<YamlMappingNode>())
            {
                if (ModelCardValidator.Scalar(metric, "type") is not { } type || ModelCardValidator.Scalar(metric, "value") is not { } value)
                    continue;
                var entry = new JsonObject { ["type"] = ModelCardValidator.Scalar(metric, "name") ?? type, ["value"] = value };
                if (slice.Length > 0)
                    entry["slice"] = slice;
                metrics.Add(entry);
            }
        }
        return metrics;
    }

    private static JsonObject Considerations(ModelCard card)
    {
        var considerations = new JsonObject();
        if (card.Find(Users) is { } users && CardText.Statements(users.Body) is { Count: > 0 } userLines)
            considerations["users"] = BomJson.Strings(userLines);
        if (card.Find(RequiredCardSection.All.Single(s => s.Id == "intended_use")) is { } uses && CardText.Statements(uses.Lead) is { Count: > 0 } useLines)
            considerations["useCases"] = BomJson.Strings(useLines);
        var limitations = card.Find(RequiredCardSection.All.Single(s => s.Id == "limitations"));
        var limitationLines = limitations is null ? [] : CardText.Statements(limitations.Lead);
        if (limitationLines.Count > 0)
            considerations["technicalLimitations"] = BomJson.Strings(limitationLines);
        var mitigation = card.Find(Recommendations) is { } recommendations ? string.Join(" ", CardText.Statements(recommendations.Body)) : "";
        // A separate ethics section wins; otherwise the limitations that speak of bias, risk or harm are ethical ones.
        var ethical = card.Find(Ethics) is { } ethics ? CardText.Statements(ethics.Body)
            : limitationLines.Where(l => EthicalWords.Any(w => l.Contains(w, StringComparison.OrdinalIgnoreCase))).ToList();
        if (ethical.Count > 0)
            considerations["ethicalConsiderations"] = new JsonArray(ethical.Select(e =>
            {
                var entry = new JsonObject { ["name"] = e };
                if (mitigation.Length > 0)
                    entry["mitigationStrategy"] = mitigation;
                return (JsonNode?)entry;
            }).ToArray());
        return considerations;
    }

    private static void AddStatements(JsonArray properties, string name, ModelCard card, RequiredCardSection section)
    {
        if (card.Find(section) is { } found)
            foreach (var statement in CardText.Statements(found.Body))
                properties.Add(BomJson.Property(name, statement));
    }
}
