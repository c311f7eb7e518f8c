using System.Text.Json;
using System.Text.Json.Nodes;
using Gatehouse.Detection.Operators;

namespace Gatehouse.Detection.Json;

/// <summary>A finding inside a JSON document: the path of the string it is in and the offsets within that string.</summary>
/// <param name="Path">For example <c>messages[2].tool_calls[0].function.arguments.email</c>.</param>
/// <param name="Finding">The finding, offsets relative to the string value at <paramref name="Path"/>.</param>
public sealed record JsonFinding(string Path, Finding Finding);

/// <summary>The anonymized document and what was done.</summary>
/// <param name="Json">The transformed document, serialized; always valid JSON.</param>
/// <param name="Applied">What was done, with paths.</param>
/// <param name="Dropped">Paths removed by <see cref="FieldRuleAction.Drop"/> rules.</param>
public sealed record JsonAnonymizeResult(string Json, IReadOnlyList<AppliedAction> Applied, IReadOnlyList<string> Dropped)
{
    /// <summary>True when a block action fired.</summary>
    public bool Blocked => Applied.Any(a => a.Action == OperatorKind.Block);
}

/// <summary>
/// Scans the strings of a JSON document that the field rules select, reporting each finding with its JSON path. A
/// selected string that itself holds JSON (tool-call arguments) is parsed and scanned inside, and paths continue into
/// it. Anonymizing writes the transformed values back (re-serializing embedded JSON), so the document stays valid.
/// </summary>
public sealed class JsonScanner
{
    private readonly ITextScanner _scanner;
    private readonly FieldRule[] _rules;
    private readonly int _maxDepth;

    /// <summary>Creates a scanner with the given rules (default: <see cref="FieldRule.ChatDefaults"/>).</summary>
    /// <param name="scanner">The text scanner used on each string.</param>
    /// <param name="rules">Field rules; a string no rule covers is not scanned.</param>
    /// <param name="maxDepth">Deepest nesting accepted; deeper documents are refused with <see cref="FormatException"/>.</param>
    public JsonScanner(ITextScanner scanner, IEnumerable<FieldRule>? rules = null, int maxDepth = 64)
    {
        _scanner = scanner;
        // Most specific first: longer pattern, then fewer wildcards, then the rule listed later.
        _rules = [.. (rules ?? FieldRule.ChatDefaults).Select((r, i) => (r, i))
            .OrderByDescending(x => x.r.Path.Length).ThenBy(x => x.r.Path.Count(c => c == '*')).ThenByDescending(x => x.i).Select(x => x.r)];
        _maxDepth = maxDepth;
    }

    /// <summary>Scans a serialized document.</summary>
    /// <exception cref="FormatException">The text is not JSON or nests too deeply (the message says where).</exception>
    /// <exception cref="DetectionException">The text scanner failed: fail closed.</exception>
    public IReadOnlyList<JsonFinding> Scan(string json) => Scan(Parse(json));

    /// <summary>
    /// Scans an already parsed document without changing it: the same findings as <see cref="Scan(string)"/> on its
    /// text, with no serializing and parsing again (fields under a drop rule are skipped, not removed).
    /// </summary>
    /// <exception cref="FormatException">Embedded JSON nests too deeply.</exception>
    /// <exception cref="DetectionException">The text scanner failed: fail closed.</exception>
    public IReadOnlyList<JsonFinding> Scan(JsonNode? document)
    {
        var findings = new List<JsonFinding>();
        Walk(document, "", (path, value, _) =>
        {
            foreach (var f in _scanner.Scan(value))
                findings.Add(new JsonFinding(path, f));
            return null;
        }, onDrop: null);
        return findings;
    }

    /// <summary>Scans and transforms a serialized document with <paramref name="anonymizer"/>; drop rules remove fields.</summary>
    /// <exception cref="FormatException">The text is not JSON or nests too deeply.</exception>
    /// <exception cref="DetectionException">The text scanner failed: fail closed.</exception>
    public JsonAnonymizeResult Anonymize(string json, Anonymizer anonymizer, PseudonymVault? vault = null)
    {
        var root = Parse(json);
        var applied = new List<AppliedAction>();
        var dropped = new List<string>();
        root = Walk(root, "", (path, value, _) =>
        {
            var findings = _scanner.Scan(value);
            if (findings.Count == 0)
                return null;
            var result = anonymizer.Apply(value, findings, vault, path);
            applied.AddRange(result.Applied);
            return result.Text;
        }, dropped.Add);
        return new JsonAnonymizeResult(root?.ToJsonString(JsonOutput.Options) ?? "null", applied, dropped);
    }

    private JsonNode? Parse(string json)
    {
        try
        {
            return JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = _maxDepth });
        }
        catch (JsonException e)
        {
            throw new FormatException($"invalid JSON at line {(e.LineNumber ?? 0) + 1}, byte {e.BytePositionInLine ?? 0}: {e.Message}", e);
        }
    }

    private FieldRuleAction? RuleFor(string path)
    {
        foreach (var rule in _rules)
            if (rule.Covers(path))
                return rule.Action;
        return null;
    }

    /// <summary>
    /// Visits every selected string. <paramref name="onString"/> returns the replacement text or null to keep it.
    /// Returns the (possibly replaced) node. With no <paramref name="onDrop"/>, fields under a drop rule are skipped
    /// but left in place.
    /// </summary>
    private JsonNode? Walk(JsonNode? node, string path, Func<string, string, bool, string?> onString, Action<string>? onDrop)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    var childPath = path.Length == 0 ? key : path + "." + key;
                    if (RuleFor(childPath) == FieldRuleAction.Drop)
                    {
                        if (onDrop is null)
                            continue;
                        obj.Remove(key);
                        onDrop(childPath);
                        continue;
                    }
                    var replaced = Walk(child, childPath, onString, onDrop);
                    if (!ReferenceEquals(replaced, child))
                        obj[key] = replaced;
                }
                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var childPath = $"{path}[{i}]";
                    var child = array[i];
                    var replaced = Walk(child, childPath, onString, onDrop);
                    if (!ReferenceEquals(replaced, child))
                        array[i] = replaced;
                }
                return array;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String && RuleFor(path) == FieldRuleAction.Scan:
                return WalkString(value, value.GetValue<string>(), path, onString, onDrop);
            default:
                return node;
        }
    }

    private JsonNode WalkString(JsonValue node, string text, string path, Func<string, string, bool, string?> onString, Action<string>? onDrop)
    {
        var trimmed = text.AsSpan().TrimStart();
        if (trimmed.Length > 1 && trimmed[0] is '{' or '[')
        {
            JsonNode? embedded = null;
            try
            {
                embedded = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = _maxDepth });
            }
            catch (JsonException)
            {
                // Not JSON after all (or truncated): scan it as text below.
            }
            if (embedded is not null)
            {
                var before = embedded.ToJsonString(JsonOutput.Options);
                var inner = WalkEmbedded(embedded, path, onString, onDrop);
                var after = inner?.ToJsonString(JsonOutput.Options) ?? "null";
                return after == before ? node : JsonValue.Create(after);
            }
        }
        var replacement = onString(path, text, false);
        return replacement is null ? node : JsonValue.Create(replacement);
    }

    /// <summary>Inside embedded JSON every string is scanned: the enclosing field was selected as a whole.</summary>
    private JsonNode? WalkEmbedded(JsonNode? node, string path, Func<string, string, bool, string?> onString, Action<string>? onDrop)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    var replaced = WalkEmbedded(child, path + "." + key, onString, onDrop);
                    if (!ReferenceEquals(replaced, child))
                        obj[key] = replaced;
                }
                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var child = array[i];
                    var replaced = WalkEmbedded(child, $"{path}[{i}]", onString, onDrop);
                    if (!ReferenceEquals(replaced, child))
                        array[i] = replaced;
                }
                return array;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                return WalkString(value, value.GetValue<string>(), path, onString, onDrop);
            default:
                return node;
        }
    }
}
