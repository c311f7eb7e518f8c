using System.Text.RegularExpressions;

namespace Gatehouse.Governance.Models.Cards;

/// <summary>Helpers that turn card Markdown into the plain statements other formats (the BOM) carry.</summary>
public static partial class CardText
{
    /// <summary>Text a template leaves in place until the author writes something.</summary>
    public const string Placeholder = "[More Information Needed]";

    /// <summary>Removes comments, placeholders and headings, and trims.</summary>
    public static string Substance(string body)
    {
        var text = HtmlComment().Replace(body, "");
        text = text.Replace(Placeholder, "", StringComparison.OrdinalIgnoreCase);
        text = TemplateExpression().Replace(text, "");
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => !l.TrimStart().StartsWith('#'));
        return string.Join('\n', lines).Trim();
    }

    /// <summary>
    /// Splits a section into statements: each bullet item is one, otherwise each paragraph is one. Subsection headings
    /// are dropped; Markdown emphasis is kept as written.
    /// </summary>
    public static IReadOnlyList<string> Statements(string body)
    {
        var substance = Substance(body);
        if (substance.Length == 0)
            return [];
        var lines = substance.Split('\n');
        var bullets = lines.Select(l => BulletMarker().Match(l)).Where(m => m.Success).Select(m => m.Groups["text"].Value.Trim()).Where(t => t.Length > 0).ToList();
        if (bullets.Count > 0)
            return bullets;
        return ParagraphBreak().Split(substance).Select(p => string.Join(' ', p.Split('\n').Select(l => l.Trim())).Trim()).Where(p => p.Length > 0).ToList();
    }

    [GeneratedRegex("<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex HtmlComment();

    [GeneratedRegex(@"\{\{.*?\}\}", RegexOptions.Singleline)]
    private static partial Regex TemplateExpression();

    [GeneratedRegex(@"^\s*(?:[-*+]|\d+[.)])\s+(?<text>.*)$")]
    private static partial Regex BulletMarker();

    [GeneratedRegex(@"\n\s*\n")]
    private static partial Regex ParagraphBreak();
}
