using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gatehouse.Policy.Values;

/// <summary>
/// Reads YAML into Rego values with the YAML 1.2 core schema: plain <c>true</c>/<c>false</c>, <c>null</c>/<c>~</c>,
/// and numbers are typed; quoted scalars are always strings. Throws <see cref="YamlException"/> (with line and column)
/// for malformed YAML.
/// </summary>
public static partial class ValueYaml
{
    /// <summary>Parses one YAML document; an empty document is null.</summary>
    public static Value Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Count == 0 ? NullValue.Instance : FromNode(stream.Documents[0].RootNode);
    }

    /// <summary>Converts a YAML node.</summary>
    public static Value FromNode(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                var items = new Dictionary<Value, Value>();
                foreach (var (key, value) in mapping.Children) items[FromNode(key)] = FromNode(value);
                return ObjectValue.FromOwned(items);
            case YamlSequenceNode sequence:
                return new ArrayValue(sequence.Children.Select(FromNode).ToArray());
            case YamlScalarNode scalar:
                var text = scalar.Value ?? "";
                if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
                    return new StringValue(text);
                return text switch
                {
                    "" or "~" or "null" or "Null" or "NULL" => NullValue.Instance,
                    "true" or "True" or "TRUE" => BooleanValue.True,
                    "false" or "False" or "FALSE" => BooleanValue.False,
                    _ when NumberPattern().IsMatch(text) && NumberValue.TryParse(text, out var number) => number,
                    _ => new StringValue(text),
                };
            default:
                return NullValue.Instance;
        }
    }

    [GeneratedRegex(@"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")]
    private static partial Regex NumberPattern();
}
