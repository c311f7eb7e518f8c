using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Gatehouse.Governance.Models.Cards;

/// <summary>
/// Splits a model card into YAML front matter and Markdown sections. Headings inside fenced code blocks are not
/// headings; only ATX headings (<c># Title</c>) are recognised, which is what the Hugging Face template uses.
/// </summary>
public static partial class ModelCardParser
{
    /// <summary>Reads and parses the card at <paramref name="path"/>.</summary>
    /// <exception cref="ModelGovernanceException">The file is missing or its front matter is not YAML.</exception>
    public static ModelCard ParseFile(string path)
    {
        if (!File.Exists(path))
            throw new ModelGovernanceException(ModelErrorKind.MissingFile, $"model card not found: {path}");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses card text; <paramref name="source"/> names it in messages.</summary>
    /// <exception cref="ModelGovernanceException">The front matter is not closed or is not YAML.</exception>
    public static ModelCard Parse(string text, string source)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var (frontMatter, bodyStart) = ReadFrontMatter(lines, source);
        var sections = ReadSections(lines, bodyStart);
        return new ModelCard(source, frontMatter, frontMatter is null ? 0 : 1, sections);
    }

    private static (YamlMappingNode? Map, int BodyStart) ReadFrontMatter(string[] lines, string source)
    {
        if (lines.Length == 0 || lines[0].TrimEnd() != "---")
            return (null, 0);
        var close = Array.FindIndex(lines, 1, l => l.TrimEnd() is "---" or "...");
        if (close < 0)
            throw new ModelGovernanceException(ModelErrorKind.IncompleteCard,
                $"{source}:1: front matter starts with '---' but is never closed by another '---'");
        // Blank lines keep YAML's line numbers equal to the file's, so node positions need no offset.
        var yaml = string.Join('\n', Enumerable.Repeat("", 1).Concat(lines[1..close]));
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new ModelGovernanceException(ModelErrorKind.IncompleteCard,
                $"{source}:{e.Start.Line}: front matter is not valid YAML: {e.InnerException?.Message ?? e.Message}");
        }
        var root = stream.Documents.Count == 0 ? new YamlMappingNode() : stream.Documents[0].RootNode as YamlMappingNode;
        if (root is null)
            throw new ModelGovernanceException(ModelErrorKind.IncompleteCard, $"{source}:2: front matter must be a YAML mapping (key: value)");
        return (root, close + 1);
    }

    private static List<CardSection> ReadSections(string[] lines, int start)
    {
        var headings = new List<(string Title, int Level, int Index)>();
        var inFence = false;
        for (var i = start; i < lines.Length; i++)
        {
            var trimmed = lines[i].TrimStart();
            if (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal))
                inFence = !inFence;
            else if (!inFence && Heading().Match(lines[i]) is { Success: true } m)
                headings.Add((m.Groups["title"].Value.Trim().TrimEnd('#').Trim(), m.Groups["marks"].Length, i));
        }
        var sections = new List<CardSection>(headings.Count);
        for (var h = 0; h < headings.Count; h++)
        {
            var (title, level, index) = headings[h];
            var end = headings.Skip(h + 1).FirstOrDefault(n => n.Level <= level).Index;
            if (end <= index)
                end = lines.Length;
            sections.Add(new CardSection(title, level, index + 1, string.Join('\n', lines[(index + 1)..end])));
        }
        return sections;
    }

    [GeneratedRegex(@"^ {0,3}(?<marks>#{1,6})\s+(?<title>.+)$")]
    private static partial Regex Heading();
}
