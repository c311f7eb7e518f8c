using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gatehouse.Gateway.Configuration;

/// <summary>
/// Turns a YAML document into the flat <c>section:key</c> dictionary that Microsoft.Extensions.Configuration uses
/// (sequence items become <c>:0</c>, <c>:1</c>…), remembering the line of every key so errors can point at it.
/// </summary>
internal static class YamlFlattener
{
    /// <summary>The flattened values and the 1-based line each key was written on.</summary>
    public sealed record Result(Dictionary<string, string?> Values, Dictionary<string, int> Lines);

    /// <summary>Parses <paramref name="yaml"/>; syntax errors become a <see cref="ConfigException"/> naming file and line.</summary>
    public static Result Flatten(string yaml, string fileName)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var lines = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new ConfigException([$"{fileName}:{e.Start.Line}: YAML syntax error: {e.Message}"]);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner reports some malformed documents (e.g. an unclosed flow sequence) this way, without a position.
            throw new ConfigException([$"{fileName}: YAML syntax error: {e.Message}"]);
        }


        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
            return new Result(values, lines);
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new ConfigException([$"{fileName}:{stream.Documents[0].RootNode.Start.Line}: the top level must be a mapping of sections (server, models, auth…)"]);
        Walk(root, "", values, lines);
        return new Result(values, lines);
    }

    private static void Walk(YamlNode node, string path, Dictionary<string, string?> values, Dictionary<string, int> lines)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, child) in mapping.Children)
                {
                    var name = ((YamlScalarNode)key).Value ?? "";
                    var childPath = path.Length == 0 ? name : path + ":" + name;
                    lines[childPath] = (int)key.Start.Line;
                    Walk(child, childPath, values, lines);
                }
                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    var childPath = path + ":" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    lines[childPath] = (int)sequence.Children[i].Start.Line;
                    Walk(sequence.Children[i], childPath, values, lines);
                }
                break;
            case YamlScalarNode scalar:
                values[path] = scalar.Value;
                break;
        }
    }
}
