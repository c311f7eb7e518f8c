namespace Gatehouse.Governance.Models.Cards;

/// <summary>One thing wrong with a model card, located as precisely as the problem allows.</summary>
/// <param name="Source">The card's file name.</param>
/// <param name="Line">The line it applies to, or null for something absent from the whole card.</param>
/// <param name="Message">What is wrong and what to do.</param>
/// <param name="SectionId">The required section concerned, when the problem is a missing or empty section.</param>
public sealed record CardProblem(string Source, int? Line, string Message, string? SectionId = null)
{
    /// <summary><c>file:line: message</c>, or <c>file: message</c> without a line.</summary>
    public override string ToString() => Line is { } line ? $"{Source}:{line}: {Message}" : $"{Source}: {Message}";
}

/// <summary>The outcome of validating a model card.</summary>
/// <param name="Problems">Everything wrong, in file order where lines are known.</param>
public sealed record CardValidationResult(IReadOnlyList<CardProblem> Problems)
{
    /// <summary>Whether the card has every required section and valid front matter.</summary>
    public bool IsComplete => Problems.Count == 0;

    /// <summary>Ids of required sections that are absent or empty, in the order of <see cref="RequiredCardSection.All"/>.</summary>
    public IReadOnlyList<string> MissingSections =>
        RequiredCardSection.All.Select(s => s.Id).Where(id => Problems.Any(p => p.SectionId == id)).ToList();
}
