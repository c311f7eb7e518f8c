using YamlDotNet.RepresentationModel;

namespace Gatehouse.Governance.Models.Cards;

/// <summary>
/// A parsed model card: YAML front matter (Hugging Face model card metadata) and the Markdown sections below it,
/// each with the line it starts on so that problems can be reported as <c>file:line</c>.
/// </summary>
/// <param name="Source">The file name (or label) used in messages.</param>
/// <param name="FrontMatter">The front matter mapping, or null when the card has none.</param>
/// <param name="FrontMatterLine">The line of the opening <c>---</c>, or 0 when there is no front matter.</param>
/// <param name="Sections">Every heading in document order.</param>
public sealed record ModelCard(string Source, YamlMappingNode? FrontMatter, int FrontMatterLine, IReadOnlyList<CardSection> Sections)
{
    /// <summary>A front matter value as a single string (a list yields its first item), or null.</summary>
    public string? Field(string key) => FrontMatterValue(key) switch
    {
        YamlScalarNode scalar when !string.IsNullOrWhiteSpace(scalar.Value) => scalar.Value,
        YamlSequenceNode list => list.Children.OfType<YamlScalarNode>().Select(s => s.Value).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)),
        _ => null,
    };

    /// <summary>A front matter value as a list of strings (a single value yields one item).</summary>
    public IReadOnlyList<string> FieldList(string key) => FrontMatterValue(key) switch
    {
        YamlScalarNode scalar when !string.IsNullOrWhiteSpace(scalar.Value) => [scalar.Value!],
        YamlSequenceNode list => list.Children.OfType<YamlScalarNode>().Select(s => s.Value).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).ToList(),
        _ => [],
    };

    /// <summary>The raw front matter node for <paramref name="key"/>, or null.</summary>
    public YamlNode? FrontMatterValue(string key) =>
        FrontMatter is not null && FrontMatter.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    /// <summary>The first section whose heading matches the required section, or null.</summary>
    public CardSection? Find(RequiredCardSection required) => Sections.FirstOrDefault(s => required.Matches(s.Title));
}

/// <summary>A Markdown heading and the text under it.</summary>
/// <param name="Title">The heading text without the leading <c>#</c> marks.</param>
/// <param name="Level">1 for <c>#</c>, 2 for <c>##</c>...</param>
/// <param name="Line">The 1-based line of the heading.</param>
/// <param name="Body">The text up to the next heading of the same or a higher level, subsections included.</param>
public sealed record CardSection(string Title, int Level, int Line, string Body)
{
    /// <summary>
    /// The body with template placeholders, HTML comments and headings removed: what a reader would actually learn.
    /// Empty when the author left the section as the template had it.
    /// </summary>
    public string Substance => CardText.Substance(Body);

    /// <summary>The body before the first subsection heading: the section's own text.</summary>
    public string Lead => string.Join('\n', Body.Split('\n').TakeWhile(l => !l.TrimStart().StartsWith('#')));
}
