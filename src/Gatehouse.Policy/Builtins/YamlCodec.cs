using System.Globalization;
using System.Text.RegularExpressions;
using Gatehouse.Policy.Values;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;

namespace Gatehouse.Policy.Builtins;

/// <summary>
/// <c>yaml.marshal yaml.unmarshal yaml.is_valid</c>. Plain scalars resolve with YAML 1.2's core schema (null, booleans,
/// integers including 0x/0o, floats); quoted scalars are strings. Errors read like go-yaml's: <c>yaml: line N: problem</c>.
/// </summary>
public static partial class YamlCodec
{
    private static readonly ISerializer Serializer = new SerializerBuilder().WithQuotingNecessaryStrings().Build();

    /// <summary>Registers the family.</summary>
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("yaml.marshal", BuiltinSignature.Of(RegoType.String, RegoType.Any), (o, _) => new StringValue(Serializer.Serialize(ToPlain(o[0]))));
        registry.Register("yaml.unmarshal", BuiltinSignature.Of(RegoType.Any, RegoType.String), (o, _) => Parse("yaml.unmarshal", Operand.String("yaml.unmarshal", o, 0)));
        registry.Register("yaml.is_valid", BuiltinSignature.Of(RegoType.Boolean, RegoType.Any), (o, _) =>
        {
            if (o[0] is not StringValue s) return BooleanValue.False;
            try
            {
                Parse("yaml.is_valid", s.Value);
                return BooleanValue.True;
            }
            catch (BuiltinException)
            {
                return BooleanValue.False;
            }
        });
    }

    /// <summary>Parses the first YAML document in <paramref name="text"/> (an empty text is null).</summary>
    public static Value Parse(string builtin, string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw BuiltinException.Error(builtin, GoStyleMessage(e, text));
        }
        return stream.Documents.Count == 0 ? NullValue.Instance : FromNode(stream.Documents[0].RootNode, 0);
    }

    private static string GoStyleMessage(YamlException e, string text)
    {
        // libyaml (and so go-yaml and YamlDotNet) phrase problems the same way; go-yaml drops the context clause.
        var message = e.InnerException?.Message ?? e.Message;
        var comma = message.IndexOf(", ", StringComparison.Ordinal);
        if (message.StartsWith("While ", StringComparison.Ordinal) && comma > 0) message = message[(comma + 2)..];
        message = message.TrimEnd('.');
        if (message.Length > 0) message = char.ToLowerInvariant(message[0]) + message[1..];
        // YamlDotNet places end-of-input problems on the line after the last; go-yaml names the last line.
        var lines = text.TrimEnd('\n').Count(c => c == '\n') + 1;
        var line = Math.Min(e.Start.Line, lines);
        return string.Create(CultureInfo.InvariantCulture, $"yaml: line {line}: {message}");
    }

    private static Value FromNode(YamlNode node, int depth)
    {
        if (depth > 512) throw BuiltinException.Error("yaml.unmarshal", "document nested too deeply");
        switch (node)
        {
            case YamlMappingNode mapping:
                var items = new Dictionary<Value, Value>();
                foreach (var (key, value) in mapping.Children) items[KeyOf(key, depth)] = FromNode(value, depth + 1);
                return ObjectValue.FromOwned(items);
            case YamlSequenceNode sequence:
                return new ArrayValue(sequence.Children.Select(c => FromNode(c, depth + 1)).ToArray());
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                return NullValue.Instance;
        }
    }

    /// <summary>Object keys become strings, as when go-yaml output is converted to JSON.</summary>
    private static Value KeyOf(YamlNode key, int depth) => FromNode(key, depth + 1) switch
    {
        StringValue s => s,
        var other => new StringValue(other is NumberValue or BooleanValue or NullValue ? ValueJson.ToJsonString(other) : other.ToString()),
    };

    private static Value Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
            return new StringValue(text);
        if (!scalar.Tag.IsEmpty && scalar.Tag.Value == "tag:yaml.org,2002:str") return new StringValue(text);
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL": return NullValue.Instance;
            case "true" or "True" or "TRUE": return BooleanValue.True;
            case "false" or "False" or "FALSE": return BooleanValue.False;
        }
        if (DecimalNumber().IsMatch(text) && NumberValue.TryParse(text.TrimStart('+'), out var number)) return number;
        if (text.StartsWith("0x", StringComparison.Ordinal) && text.Length > 2 && text[2..].All(char.IsAsciiHexDigit))
            return NumberValue.Of(System.Numerics.BigInteger.Parse("0" + text[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        if (text.StartsWith("0o", StringComparison.Ordinal) && text.Length > 2 && text[2..].All(c => c is >= '0' and <= '7'))
            return NumberValue.Of(text[2..].Aggregate(System.Numerics.BigInteger.Zero, (acc, c) => acc * 8 + (c - '0')));
        return new StringValue(text);
    }

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex DecimalNumber();

    /// <summary>A plain .NET graph YamlDotNet can serialize: sets become sorted lists, numbers keep their digits.</summary>
    private static object? ToPlain(Value value) => value switch
    {
        NullValue => null,
        BooleanValue b => b.Value,
        NumberValue n when n.TryGetInt64(out var l) => l,
        NumberValue n => decimal.TryParse(n.ToPlainString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : n.ToDouble(),
        StringValue s => s.Value,
        ArrayValue a => a.Select(ToPlain).ToList(),
        SetValue s => s.Select(ToPlain).ToList(),
        ObjectValue o => o.ToDictionary(p => p.Key is StringValue k ? k.Value : p.Key.ToString(), p => ToPlain(p.Value)),
        _ => value.ToString(),
    };
}
