using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Builtins;

/// <summary>
/// <c>json.marshal json.marshal_with_options json.unmarshal json.is_valid</c>. Output matches Go's
/// <c>encoding/json</c> as OPA uses it: sets as sorted arrays, <c>&lt; &gt; &amp;</c> escaped as <c>\u003c</c>..., and
/// <c>MarshalIndent</c>'s layout with the prefix also on the first line.
/// </summary>
public static class JsonCodec
{
    private static readonly JsonSerializerOptions StringOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Registers the family.</summary>
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("json.marshal", BuiltinSignature.Of(RegoType.String, RegoType.Any), (o, _) => new StringValue(Marshal(o[0], null, null)));
        registry.Register("json.marshal_with_options",
            BuiltinSignature.Of(RegoType.String, RegoType.Any, RegoType.ObjectOf(RegoType.String, RegoType.AnyOf(RegoType.Boolean, RegoType.String))),
            MarshalWithOptions);
        registry.Register("json.unmarshal", BuiltinSignature.Of(RegoType.Any, RegoType.String), (o, _) =>
        {
            var text = Operand.String("json.unmarshal", o, 0);
            try
            {
                return ValueJson.Parse(text);
            }
            catch (JsonException e)
            {
                throw BuiltinException.Error("json.unmarshal", e.Message);
            }
        });
        registry.Register("json.is_valid", BuiltinSignature.Of(RegoType.Boolean, RegoType.Any), (o, _) => BooleanValue.Of(o[0] is StringValue s && IsValid(s.Value)));
    }

    private static bool IsValid(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 512 });
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static Value MarshalWithOptions(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        const string name = "json.marshal_with_options";
        var options = Operand.Object(name, operands, 1);
        bool? pretty = null;
        string? prefix = null, indent = null;
        foreach (var (key, value) in options)
        {
            switch ((key as StringValue)?.Value)
            {
                case "pretty":
                    pretty = value is BooleanValue b ? b.Value : throw BuiltinException.TypeError(name, $"pretty option must be a boolean but got {value.TypeName}");
                    break;
                case "prefix":
                    prefix = value is StringValue p ? p.Value : throw BuiltinException.TypeError(name, $"prefix option must be a string but got {value.TypeName}");
                    break;
                case "indent":
                    indent = value is StringValue i ? i.Value : throw BuiltinException.TypeError(name, $"indent option must be a string but got {value.TypeName}");
                    break;
                default:
                    throw BuiltinException.TypeError(name, $"object contained unknown key {key}");
            }
        }
        // Pretty output is on when asked for, or implied by a prefix or indent, unless explicitly turned off.
        var indented = pretty ?? (prefix is not null || indent is not null);
        return new StringValue(indented ? Marshal(operands[0], prefix ?? "", indent ?? "\t") : Marshal(operands[0], null, null));
    }

    /// <summary>Go-compatible JSON text; compact when <paramref name="indent"/> is null.</summary>
    public static string Marshal(Value value, string? prefix, string? indent)
    {
        var output = new StringBuilder();
        if (prefix is not null) output.Append(prefix);
        Write(output, value, prefix, indent, 0);
        return output.ToString();
    }

    private static void Write(StringBuilder output, Value value, string? prefix, string? indent, int depth)
    {
        switch (value)
        {
            case ArrayValue a:
                WriteSequence(output, '[', ']', a, prefix, indent, depth);
                break;
            case SetValue s:
                WriteSequence(output, '[', ']', s.Sorted, prefix, indent, depth);
                break;
            case ObjectValue o:
                if (o.Count == 0)
                {
                    output.Append("{}");
                    break;
                }
                output.Append('{');
                var first = true;
                foreach (var (key, item) in o)
                {
                    if (!first) output.Append(',');
                    first = false;
                    NewLine(output, prefix, indent, depth + 1);
                    WriteString(output, key is StringValue sk ? sk.Value : key.ToString());
                    output.Append(indent is null ? ":" : ": ");
                    Write(output, item, prefix, indent, depth + 1);
                }
                NewLine(output, prefix, indent, depth);
                output.Append('}');
                break;
            case StringValue s:
                WriteString(output, s.Value);
                break;
            case NumberValue n:
                output.Append(n.ToString().Replace("e+", "e", StringComparison.Ordinal));
                break;
            default:
                output.Append(value.ToString());
                break;
        }
    }

    private static void WriteSequence(StringBuilder output, char open, char close, IReadOnlyList<Value> items, string? prefix, string? indent, int depth)
    {
        output.Append(open);
        if (items.Count == 0)
        {
            output.Append(close);
            return;
        }
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0) output.Append(',');
            NewLine(output, prefix, indent, depth + 1);
            Write(output, items[i], prefix, indent, depth + 1);
        }
        NewLine(output, prefix, indent, depth);
        output.Append(close);
    }

    private static void NewLine(StringBuilder output, string? prefix, string? indent, int depth)
    {
        if (indent is null) return;
        output.Append('\n').Append(prefix);
        for (var i = 0; i < depth; i++) output.Append(indent);
    }

    /// <summary>A JSON string with Go's HTML-safe escapes.</summary>
    private static void WriteString(StringBuilder output, string text)
    {
        var json = JsonSerializer.Serialize(text, StringOptions);
        foreach (var c in json)
        {
            switch (c)
            {
                case '<': output.Append("\\u003c"); break;
                case '>': output.Append("\\u003e"); break;
                case '&': output.Append("\\u0026"); break;
                case '\u2028': output.Append("\\u2028"); break;
                case '\u2029': output.Append("\\u2029"); break;
                default: output.Append(c); break;
            }
        }
    }
}
