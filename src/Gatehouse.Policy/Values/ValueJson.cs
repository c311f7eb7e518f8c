using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gatehouse.Policy.Values;

/// <summary>
/// Conversions between Rego values and System.Text.Json. Numbers keep their exact digits both ways.
/// Going to JSON, sets become sorted arrays and non-string object keys become their Rego text (<c>1</c> → <c>"1"</c>),
/// which is how OPA serializes them.
/// </summary>
public static class ValueJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Converts a JSON node; a C# null is JSON <c>null</c>.</summary>
    public static Value FromJson(JsonNode? node) => node switch
    {
        null => NullValue.Instance,
        JsonObject obj => ObjectValue.FromOwned(obj.ToDictionary(p => (Value)KeyNames.Lookup(p.Key), p => FromJson(p.Value))),
        JsonArray array => new ArrayValue(array.Select(FromJson).ToArray()),
        JsonValue value when value.TryGetValue<JsonElement>(out var element) => FromJson(element),
        _ => Parse(node.ToJsonString()),
    };

    /// <summary>Converts a JSON element.</summary>
    public static Value FromJson(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var items = new Dictionary<Value, Value>();
                foreach (var property in element.EnumerateObject()) items[KeyNames.Lookup(property.Name)] = FromJson(property.Value);
                return ObjectValue.FromOwned(items);
            case JsonValueKind.Array:
                var list = new Value[element.GetArrayLength()];
                var i = 0;
                foreach (var item in element.EnumerateArray()) list[i++] = FromJson(item);
                return new ArrayValue(list);
            case JsonValueKind.String: return new StringValue(element.GetString()!);
            case JsonValueKind.Number: return NumberValue.Parse(element.GetRawText());
            case JsonValueKind.True: return BooleanValue.True;
            case JsonValueKind.False: return BooleanValue.False;
            default: return NullValue.Instance;
        }
    }

    /// <summary>Parses JSON text (throws <see cref="JsonException"/> for malformed text).</summary>
    public static Value Parse(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 512 });
        return FromJson(document.RootElement);
    }

    /// <summary>Writes <paramref name="value"/> as JSON.</summary>
    public static void WriteJson(Utf8JsonWriter writer, Value value)
    {
        switch (value)
        {
            case NullValue: writer.WriteNullValue(); break;
            case BooleanValue b: writer.WriteBooleanValue(b.Value); break;
            case NumberValue n: WriteNumber(writer, JsonNumberText(n)); break;
            case StringValue s: writer.WriteStringValue(s.Value); break;
            case ArrayValue a:
                writer.WriteStartArray();
                foreach (var item in a) WriteJson(writer, item);
                writer.WriteEndArray();
                break;
            case SetValue set:
                writer.WriteStartArray();
                foreach (var item in set) WriteJson(writer, item);
                writer.WriteEndArray();
                break;
            case ObjectValue o:
                writer.WriteStartObject();
                foreach (var (key, item) in o)
                {
                    writer.WritePropertyName(key is StringValue sk ? sk.Value : ToJsonString(key));
                    WriteJson(writer, item);
                }
                writer.WriteEndObject();
                break;
        }
    }

    /// <summary>
    /// Writes a number's exact JSON text. A raw value skips the writer's indentation (pretty output read
    /// <c>[1,2,3\n]</c>), so numbers that an integer or a decimal spells the same way go through the typed writers; only
    /// the rest (beyond a decimal's range or precision) is written raw.
    /// </summary>
    private static void WriteNumber(Utf8JsonWriter writer, string text)
    {
        if (long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var integer))
            writer.WriteNumberValue(integer);
        else if (decimal.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var exact)
                 && exact.ToString(System.Globalization.CultureInfo.InvariantCulture) == text)
            writer.WriteNumberValue(exact);
        else
            writer.WriteRawValue(text, skipInputValidation: true);
    }

    /// <summary>The value as compact JSON text.</summary>
    public static string ToJsonString(Value value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions)) WriteJson(writer, value);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The value as a JSON element (detached from any document).</summary>
    public static JsonElement ToJsonElement(Value value)
    {
        using var document = JsonDocument.Parse(ToJsonString(value));
        return document.RootElement.Clone();
    }

    /// <summary>The value as a JSON node; JSON <c>null</c> becomes a C# null.</summary>
    public static JsonNode? ToJsonNode(Value value) => JsonNode.Parse(ToJsonString(value));

    private static string JsonNumberText(NumberValue number)
    {
        var text = number.ToString();
        return text.Contains('e', StringComparison.Ordinal) ? text.Replace("e+", "e", StringComparison.Ordinal) : text;
    }
}
