using System.Globalization;
using System.Text;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Builtins;

/// <summary>
/// <c>urlquery.encode decode encode_object decode_object</c> with Go's <c>net/url</c> rules: space becomes '+',
/// only <c>A-Z a-z 0-9 - _ . ~</c> stay unescaped, keys are encoded in sorted order.
/// </summary>
public static class UrlQuery
{
    private static readonly RegoType S = RegoType.String;

    /// <summary>Registers the family.</summary>
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("urlquery.encode", BuiltinSignature.Of(S, S), (o, _) => new StringValue(Escape(Operand.String("urlquery.encode", o, 0))));
        registry.Register("urlquery.decode", BuiltinSignature.Of(S, S), (o, _) => new StringValue(Unescape("urlquery.decode", Operand.String("urlquery.decode", o, 0))));
        var values = RegoType.AnyOf(S, RegoType.ArrayOf(S), RegoType.SetOf(S));
        registry.Register("urlquery.encode_object", BuiltinSignature.Of(S, RegoType.ObjectOf(S, values)), EncodeObject);
        registry.Register("urlquery.decode_object", BuiltinSignature.Of(RegoType.ObjectOf(S, RegoType.ArrayOf(S)), S), DecodeObject);
    }

    /// <summary>Go's <c>url.QueryEscape</c>.</summary>
    public static string Escape(string text)
    {
        var output = new StringBuilder(text.Length);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~') output.Append(c);
            else if (c == ' ') output.Append('+');
            else output.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return output.ToString();
    }

    /// <summary>Go's <c>url.QueryUnescape</c>: '+' is a space; a malformed escape is an error.</summary>
    public static string Unescape(string name, string text)
    {
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '%')
            {
                if (i + 2 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2]))
                {
                    var bad = text.Substring(i, Math.Min(3, text.Length - i));
                    throw BuiltinException.Error(name, $"invalid URL escape \"{bad}\"");
                }
                bytes.Add(byte.Parse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 2;
            }
            else if (c == '+') bytes.Add((byte)' ');
            else bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static Value EncodeObject(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        var source = Operand.Object("urlquery.encode_object", operands, 0);
        var pairs = new List<string>();
        foreach (var (key, value) in source)
        {
            if (key is not StringValue k) throw BuiltinException.TypeError("urlquery.encode_object", "operand 1 must be object with string keys");
            IEnumerable<Value> items = value switch
            {
                StringValue => [value],
                ArrayValue a => a,
                SetValue s => s,
                _ => throw BuiltinException.TypeError("urlquery.encode_object", $"operand 1 values must be string, array[string], or set[string] but got {value.TypeName}"),
            };
            foreach (var item in items)
            {
                if (item is not StringValue s) throw BuiltinException.TypeError("urlquery.encode_object", $"operand 1 values must be string, array[string], or set[string] but got {item.TypeName}");
                pairs.Add(Escape(k.Value) + "=" + Escape(s.Value));
            }
        }
        return new StringValue(string.Join('&', pairs));
    }

    private static Value DecodeObject(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        var text = Operand.String("urlquery.decode_object", operands, 0);
        var result = new Dictionary<Value, List<Value>>();
        foreach (var part in text.Split('&'))
        {
            if (part.Length == 0) continue;
            if (part.Contains(';')) throw BuiltinException.Error("urlquery.decode_object", "invalid semicolon separator in query");
            var eq = part.IndexOf('=');
            var key = new StringValue(Unescape("urlquery.decode_object", eq < 0 ? part : part[..eq]));
            var value = new StringValue(eq < 0 ? "" : Unescape("urlquery.decode_object", part[(eq + 1)..]));
            if (!result.TryGetValue(key, out var list)) result[key] = list = [];
            list.Add(value);
        }
        return ObjectValue.FromOwned(result.ToDictionary(p => p.Key, p => (Value)new ArrayValue(p.Value.ToArray())));
    }
}
