using System.Text;
using System.Text.Json;

namespace Gatehouse.Governance.Datasets.Readers;

/// <summary>
/// Follows the tokens of a <see cref="Utf8JsonReader"/> and knows the path of the current value, for example
/// <c>messages[1].content</c>. It lives outside the reader so the path survives buffer refills of a streamed file.
/// </summary>
public sealed class JsonPathTracker
{
    private readonly List<Frame> _frames = [];

    private sealed class Frame(bool isArray)
    {
        public bool IsArray { get; } = isArray;
        public long Index { get; set; } = -1;
        public string? Property { get; set; }
    }

    /// <summary>Nesting depth: 0 outside any container.</summary>
    public int Depth => _frames.Count;

    /// <summary>Index of the current top-level array element (0-based), or -1 when the root is not an array.</summary>
    public long TopLevelIndex => _frames.Count > 0 && _frames[0].IsArray ? _frames[0].Index : -1;

    /// <summary>Updates the path for the token the reader is on. Call once per token, in order.</summary>
    public void Observe(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            case JsonTokenType.StartArray:
                EnterValueSlot();
                _frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray));
                break;
            case JsonTokenType.EndObject:
            case JsonTokenType.EndArray:
                if (_frames.Count > 0)
                    _frames.RemoveAt(_frames.Count - 1);
                break;
            case JsonTokenType.PropertyName:
                if (_frames.Count > 0)
                    _frames[^1].Property = reader.GetString();
                break;
            default:
                EnterValueSlot();
                break;
        }
    }

    /// <summary>The path of the value last observed; the root itself is <c>$</c>.</summary>
    public string CurrentPath()
    {
        if (_frames.Count == 0)
            return "$";
        var path = new StringBuilder();
        foreach (var frame in _frames)
        {
            if (frame.IsArray)
                path.Append('[').Append(frame.Index).Append(']');
            else if (frame.Property is { } name)
                AppendProperty(path, name);
        }
        return path.Length == 0 ? "$" : path.ToString();
    }

    /// <summary>Forgets everything, for the next JSONL document.</summary>
    public void Reset() => _frames.Clear();

    private void EnterValueSlot()
    {
        if (_frames.Count > 0 && _frames[^1].IsArray)
            _frames[^1].Index++;
    }

    private static void AppendProperty(StringBuilder path, string name)
    {
        var plain = name.Length > 0 && !char.IsDigit(name[0]) && name.All(c => char.IsLetterOrDigit(c) || c == '_' || c == '-');
        if (plain)
        {
            if (path.Length > 0)
                path.Append('.');
            path.Append(name);
        }
        else
        {
            path.Append("[\"").Append(name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\"]");
        }
    }
}
