using YamlDotNet.RepresentationModel;

namespace Gatehouse.Governance.Models.Cards;

/// <summary>
/// Checks a model card for the sections reviewers need (architecture, training data provenance, intended and
/// out-of-scope use, limitations, evaluation, contact) and for front matter that follows the Hugging Face model card
/// metadata fields. Every problem names the card and, where one applies, the line.
/// </summary>
public static class ModelCardValidator
{
    /// <summary>Front matter fields a Gatehouse card must set: licence terms, language and the task.</summary>
    public static IReadOnlyList<string> RequiredFields { get; } = ["license", "language", "pipeline_tag"];

    /// <summary>Fields the Hugging Face spec defines as lists (a single string is also accepted, as the Hub does).</summary>
    private static readonly string[] ListFields = ["language", "tags", "datasets", "metrics", "base_model"];

    /// <summary>Validates a parsed card.</summary>
    public static CardValidationResult Validate(ModelCard card)
    {
        var problems = new List<CardProblem>();
        CheckFrontMatter(card, problems);
        CheckSections(card, problems);
        return new CardValidationResult(problems.OrderBy(p => p.Line ?? int.MaxValue).ToList());
    }

    private static void CheckSections(ModelCard card, List<CardProblem> problems)
    {
        foreach (var required in RequiredCardSection.All)
        {
            var section = card.Find(required);
            if (section is null)
                problems.Add(new CardProblem(card.Source, null,
                    $"missing required section '{required.DisplayName}' (a heading such as '## {Capitalize(required.Headings[0])}')", required.Id));
            else if (section.Substance.Length == 0)
                problems.Add(new CardProblem(card.Source, section.Line,
                    $"section '{section.Title}' ({required.DisplayName}) is empty or still holds template placeholders", required.Id));
        }
    }

    private static void CheckFrontMatter(ModelCard card, List<CardProblem> problems)
    {
        if (card.FrontMatter is null)
        {
            problems.Add(new CardProblem(card.Source, 1,
                "no YAML front matter: start the card with '---', the metadata fields (" + string.Join(", ", RequiredFields) + "), and '---'"));
            return;
        }
        foreach (var field in RequiredFields)
            if (card.Field(field) is null)
                problems.Add(new CardProblem(card.Source, card.FrontMatterLine, $"front matter field '{field}' is missing or empty"));
        foreach (var field in ListFields)
            if (card.FrontMatterValue(field) is YamlMappingNode map)
                problems.Add(new CardProblem(card.Source, (int)map.Start.Line, $"front matter field '{field}' must be a string or a list of strings"));
        if (string.Equals(card.Field("license"), "other", StringComparison.OrdinalIgnoreCase))
            foreach (var field in new[] { "license_name", "license_link" })
                if (card.Field(field) is null)
                    problems.Add(new CardProblem(card.Source, LineOf(card, "license"), $"license is 'other', so '{field}' must say which licence"));
        CheckModelIndex(card, problems);
    }

    private static void CheckModelIndex(ModelCard card, List<CardProblem> problems)
    {
        var index = card.FrontMatterValue("model-index");
        if (index is null)
            return;
        if (index is not YamlSequenceNode entries)
        {
            problems.Add(new CardProblem(card.Source, (int)index.Start.Line, "'model-index' must be a list of {name, results}"));
            return;
        }
        foreach (var entry in entries)
        {
            if (entry is not YamlMappingNode model || Child(model, "results") is not YamlSequenceNode results)
            {
                problems.Add(new CardProblem(card.Source, (int)entry.Start.Line, "each 'model-index' entry needs a 'results' list"));
                continue;
            }
            foreach (var result in results)
                CheckResult(card, result, problems);
        }
    }

    private static void CheckResult(ModelCard card, YamlNode result, List<CardProblem> problems)
    {
        var line = (int)result.Start.Line;
        if (result is not YamlMappingNode map)
        {
            problems.Add(new CardProblem(card.Source, line, "a model-index result must be a mapping with task, dataset and metrics"));
            return;
        }
        // The Hugging Face spec marks these as required in every result.
        if (Scalar(Child(map, "task"), "type") is null)
            problems.Add(new CardProblem(card.Source, line, "model-index result needs 'task.type'"));
        if (Scalar(Child(map, "dataset"), "type") is null || Scalar(Child(map, "dataset"), "name") is null)
            problems.Add(new CardProblem(card.Source, line, "model-index result needs 'dataset.type' and 'dataset.name'"));
        if (Child(map, "metrics") is not YamlSequenceNode metrics || metrics.Children.Count == 0)
        {
            problems.Add(new CardProblem(card.Source, line, "model-index result needs a non-empty 'metrics' list"));
            return;
        }
        foreach (var metric in metrics)
            if (metric is not YamlMappingNode m || Scalar(m, "type") is null || Scalar(m, "value") is null)
                problems.Add(new CardProblem(card.Source, (int)metric.Start.Line, "each metric needs 'type' and 'value'"));
    }

    internal static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    internal static string? Scalar(YamlNode? node, string key) =>
        Child(node, key) is YamlScalarNode { Value: { Length: > 0 } value } ? value : null;

    private static int LineOf(ModelCard card, string key) =>
        card.FrontMatter!.Children.Keys.FirstOrDefault(k => k is YamlScalarNode s && s.Value == key) is { } node ? (int)node.Start.Line : card.FrontMatterLine;

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
