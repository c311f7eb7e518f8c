using System.Text.Json;
using System.Text.Json.Nodes;
using Gatehouse.Detection.Json;
using System.Text.RegularExpressions;

namespace Gatehouse.Detection.Operators;

/// <summary>
/// The per-request memory of pseudonyms: each distinct (type, value) gets a token such as <c>&lt;PERSON_1&gt;</c>, the
/// same value always gets the same token within the vault, and <see cref="Restore(string)"/> puts the values back.
/// Create one vault per request and drop it with the request. Thread-safe.
/// </summary>
public sealed partial class PseudonymVault
{
    /// <summary>Longest token the vault issues (the streaming restorer's hold-back).</summary>
    public const int MaxTokenLength = 48;

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Type, string Value), string> _tokens = [];
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _counters = new(StringComparer.Ordinal);

    /// <summary>Number of distinct values held.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
                return _values.Count;
        }
    }

    /// <summary>The token for <paramref name="value"/>, issuing a new one the first time.</summary>
    public string Tokenize(string entityType, string value)
    {
        lock (_gate)
        {
            if (_tokens.TryGetValue((entityType, value), out var token))
                return token;
            var n = _counters.GetValueOrDefault(entityType) + 1;
            _counters[entityType] = n;
            token = $"<{entityType}_{n}>";
            _tokens[(entityType, value)] = token;
            _values[token] = value;
            return token;
        }
    }

    /// <summary>The original value of <paramref name="token"/>, if this vault issued it.</summary>
    public bool TryGetValue(string token, out string value)
    {
        lock (_gate)
            return _values.TryGetValue(token, out value!);
    }

    /// <summary>Replaces every token this vault issued with its original value; unknown tokens are left alone.</summary>
    public string Restore(string text)
    {
        if (string.IsNullOrEmpty(text) || !text.Contains('<'))
            return text;
        return Token().Replace(text, m => TryGetValue(m.Value, out var value) ? value : m.Value);
    }

    /// <summary>
    /// Restores tokens inside every string of a JSON document, including tool-call arguments (JSON inside a JSON
    /// string): values are put back into the decoded string, so the result stays valid JSON whatever they contain.
    /// </summary>
    public void Restore(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    if (child is JsonValue v && v.TryGetValue<string>(out var s))
                        obj[key] = RestoreString(s);
                    else
                        Restore(child);
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue v && v.TryGetValue<string>(out var s))
                        array[i] = RestoreString(s);
                    else
                        Restore(array[i]);
                }
                break;
        }
    }

    /// <summary>Restores tokens inside a serialized JSON document and returns it re-serialized.</summary>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    public string RestoreJson(string json)
    {
        var node = JsonNode.Parse(json);
        Restore(node);
        return node?.ToJsonString(JsonOutput.Options) ?? "null";
    }

    /// <summary>A string that holds JSON (tool-call arguments) is restored inside, where its escaping is undone.</summary>
    private string RestoreString(string value)
    {
        var trimmed = value.AsSpan().TrimStart();
        if (trimmed.Length > 1 && trimmed[0] is '{' or '[')
        {
            try
            {
                var inner = JsonNode.Parse(value);
                var before = inner?.ToJsonString(JsonOutput.Options);
                Restore(inner);
                var after = inner?.ToJsonString(JsonOutput.Options);
                return before == after ? value : after!;
            }
            catch (JsonException)
            {
                // Not JSON (or a partial fragment): restore it as text.
            }
        }
        return Restore(value);
    }

    /// <summary>A streaming restorer for this vault (tokens split across chunks are handled).</summary>
    public PseudonymStreamRestorer CreateStreamRestorer() => new(this);

    [GeneratedRegex(@"<[A-Z][A-Z0-9_]{0,38}_\d{1,6}>", RegexOptions.CultureInvariant)]
    private static partial Regex Token();
}

/// <summary>
/// Restores pseudonym tokens in streamed text (a model's answer arriving in chunks). A chunk ending in what could be
/// the start of a token (<c>&lt;PERS</c>) is held back until the token completes or proves not to be one.
/// </summary>
public sealed class PseudonymStreamRestorer(PseudonymVault vault)
{
    private string _pending = "";

    /// <summary>Feeds a chunk and returns the text that can be emitted now.</summary>
    public string Feed(string chunk)
    {
        var text = _pending + chunk;
        var hold = PartialTokenStart(text);
        _pending = text[hold..];
        return vault.Restore(text[..hold]);
    }

    /// <summary>Returns whatever is still held (call at the end of the stream).</summary>
    public string Flush()
    {
        var rest = vault.Restore(_pending);
        _pending = "";
        return rest;
    }

    /// <summary>Index of a trailing '&lt;' that may still become a token, or the text length when there is none.</summary>
    private static int PartialTokenStart(string text)
    {
        var lt = text.LastIndexOf('<');
        if (lt < 0 || text.Length - lt > PseudonymVault.MaxTokenLength)
            return text.Length;
        for (var i = lt + 1; i < text.Length; i++)
            if (!(char.IsAsciiLetterUpper(text[i]) || char.IsAsciiDigit(text[i]) || text[i] == '_'))
                return text.Length; // '>' or any other character: complete or not a token
        return lt;
    }
}
