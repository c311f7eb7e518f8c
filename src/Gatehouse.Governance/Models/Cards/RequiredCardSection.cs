using System.Text;

namespace Gatehouse.Governance.Models.Cards;

/// <summary>
/// A section every model card must have, recognised by any of several headings because teams word them differently
/// (the Hugging Face template says "Bias, Risks, and Limitations", others just "Limitations").
/// </summary>
/// <param name="Id">Stable identifier used in gate facts and Rego (<c>out_of_scope_use</c>).</param>
/// <param name="DisplayName">How messages name it.</param>
/// <param name="Headings">Accepted headings, compared case-insensitively, ignoring punctuation and "[optional]".</param>
public sealed record RequiredCardSection(string Id, string DisplayName, IReadOnlyList<string> Headings)
{
    /// <summary>The sections regulators and reviewers ask for, in the order a card usually has them.</summary>
    public static IReadOnlyList<RequiredCardSection> All { get; } =
    [
        new("architecture", "architecture / model details",
            ["model details", "model description", "architecture", "model architecture", "model architecture and objective", "technical specifications"]),
        new("training_data", "training data provenance",
            ["training data", "training data provenance", "data provenance", "training details", "training datasets", "datasets"]),
        new("intended_use", "intended use",
            ["intended use", "intended uses", "uses", "direct use", "use cases"]),
        new("out_of_scope_use", "out-of-scope use",
            ["out of scope use", "out of scope uses", "out of scope", "misuse", "misuse and out of scope use", "prohibited uses"]),
        new("limitations", "limitations (bias, risks)",
            ["bias risks and limitations", "limitations", "known limitations", "risks and limitations", "bias and limitations", "bias risks limitations"]),
        new("evaluation", "evaluation",
            ["evaluation", "evaluation results", "results", "performance"]),
        new("contact", "contact",
            ["model card contact", "contact", "contacts", "point of contact", "maintainers"]),
    ];

    /// <summary>Whether a heading names this section.</summary>
    public bool Matches(string heading)
    {
        var normal = Normalize(heading);
        return Headings.Any(h => Normalize(h) == normal);
    }

    /// <summary>Lower case, "[optional]" removed, punctuation folded to single spaces.</summary>
    public static string Normalize(string heading)
    {
        var text = heading.Replace("[optional]", "", StringComparison.OrdinalIgnoreCase).ToLowerInvariant();
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
            builder.Append(char.IsLetterOrDigit(c) ? c : ' ');
        return string.Join(' ', builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w != "and"));
    }
}
