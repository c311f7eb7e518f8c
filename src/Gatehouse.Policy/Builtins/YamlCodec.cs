using System.Globalization;
using Gatehouse.Policy.Values;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Gatehouse.Policy.Builtins;

/// <summary>
/// <c>yaml.marshal yaml.unmarshal yaml.is_valid</c>. Documents are read by <see cref="ValueYaml"/> (YAML 1.2 core schema,
/// quoted scalars are strings). Errors read like go-yaml's: <c>yaml: line N: problem</c>.
/// </summary>
public static class YamlCodec
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

    /// <summary>Parses the first YAML document in <paramref name="text"/> (an empty text is null), as <see cref="ValueYaml"/> reads data files.</summary>
    public static Value Parse(string builtin, string text)
    {
        try
        {
            return ValueYaml.Parse(text);
        }
        catch (YamlException e)
        {
            throw BuiltinException.Error(builtin, GoStyleMessage(e, text));
        }
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
