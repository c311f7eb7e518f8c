using System.Globalization;
using Gatehouse.Detection.Detectors;
using YamlDotNet.RepresentationModel;

namespace Gatehouse.Governance.Datasets.Scanning;

/// <summary>
/// Reads operator-defined detectors for a dataset scan from YAML, so a team can look for its own identifiers
/// (employee ids, ticket numbers) next to the built-in types:
/// <code>
/// detectors:
///   - entityType: EMPLOYEE_ID
///     pattern: '\bEMP-(?&lt;v&gt;\d{6})\b'
///     score: 0.8            # optional, default 0.8
///     validator: luhn       # optional: luhn, mod97, aba, nhs, base58check, bech32
///     contextWords: [employee, staff]
///     maxLength: 64
/// </code>
/// Errors name the file, line and column.
/// </summary>
public static class CustomDetectorFile
{
    /// <summary>Parses the detectors in <paramref name="reader"/>; <paramref name="sourceName"/> prefixes errors.</summary>
    /// <exception cref="FormatException">Malformed YAML, a missing field, or a value of the wrong kind.</exception>
    public static IReadOnlyList<CustomDetectorOptions> Read(TextReader reader, string sourceName)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(reader);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new FormatException($"{sourceName}:{e.Start.Line}:{e.Start.Column}: {e.Message}", e);
        }
        if (stream.Documents.Count == 0)
            return [];
        if (stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("detectors"), out var list) || list is not YamlSequenceNode detectors)
            throw new FormatException($"{sourceName}:1:1: expected a mapping with a 'detectors' list");
        return detectors.Select(node => Parse(node, sourceName)).ToList();
    }

    private static CustomDetectorOptions Parse(YamlNode node, string sourceName)
    {
        if (node is not YamlMappingNode map)
            throw Error(node, sourceName, "a detector is a mapping with entityType and pattern");
        string? type = null, pattern = null, validator = null;
        double score = 0.8;
        var maxLength = 64;
        List<string>? context = null;
        foreach (var (keyNode, value) in map.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value;
            var text = (value as YamlScalarNode)?.Value;
            switch (key)
            {
                case "entityType" when !string.IsNullOrWhiteSpace(text): type = text.Trim(); break;
                case "pattern" when !string.IsNullOrEmpty(text): pattern = text; break;
                case "validator" when !string.IsNullOrWhiteSpace(text): validator = text.Trim(); break;
                case "score" when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s is >= 0 and <= 1: score = s; break;
                case "maxLength" when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m > 0: maxLength = m; break;
                case "contextWords" when value is YamlSequenceNode words:
                    context = words.OfType<YamlScalarNode>().Select(w => w.Value ?? "").Where(w => w.Length > 0).ToList();
                    break;
                default:
                    throw Error(keyNode, sourceName, $"unexpected '{key}: {text ?? "..."}' (expected entityType, pattern, score 0..1, validator, contextWords, maxLength)");
            }
        }
        if (type is null || pattern is null)
            throw Error(node, sourceName, "a detector needs entityType and pattern");
        return new CustomDetectorOptions(type, pattern, score, validator, context, MaxLength: maxLength);
    }

    private static FormatException Error(YamlNode node, string sourceName, string message) =>
        new($"{sourceName}:{node.Start.Line}:{node.Start.Column}: {message}");
}
