using System.Text;
using System.Text.Json;

namespace Gatehouse.Governance.Datasets.Readers;

/// <summary>
/// Follows the tokens of a <see cref="Utf8JsonReader"/> and knows the path of the current value, for example
/// <c>messages[1].content</c>. It lives outside the reader so the path survives buffer refills of a streamed file.
/// </summary>
/// <remarks>
/// A dataset repeats the same few keys and paths on every record, so the tracker allocates almost nothing per token:
/// frames are reused across documents, property names and paths are built in a reused buffer and looked up in small
/// bounded caches, and a string is allocated only the first time a name or path is seen.
/// </remarks>
public sealed class JsonPathTracker
{
    /// <summary>Distinct names and paths kept; beyond it they are allocated per use, so odd data cannot grow memory.</summary>
    private const int MaxCached = 4096;

    /// <summary>Property names longer than this (in UTF-8 bytes) are not cached.</summary>
    private const int MaxCachedNameBytes = 128;

    private readonly List<Frame> _frames = [];
    private int _depth;
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _paths = new(StringComparer.Ordinal);
    private char[] _buffer = new char[256];
    private int _length;

    private sealed class Frame
    {
        public bool IsArray { get; set; }
        public long Index { get; set; }
        public string? Property { get; set; }
    }

    /// <summary>Nesting depth: 0 outside any container.</summary>
    public int Depth => _depth;

    /// <summary>Index of the current top-level array element (0-based), or -1 when the root is not an array.</summary>
    public long TopLevelIndex => _depth > 0 && _frames[0].IsArray ? _frames[0].Index : -1;

    /// <summary>Updates the path for the token the reader is on. Call once per token, in order.</summary>
    public void Observe(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            case JsonTokenType.StartArray:
                EnterValueSlot();
                if (_depth == _frames.Count)
                    _frames.Add(new Frame());
                var frame = _frames[_depth++];
                frame.IsArray = reader.TokenType == JsonTokenType.StartArray;
                frame.Index = -1;
                frame.Property = null;
                break;
            case JsonTokenType.EndObject:
            case JsonTokenType.EndArray:
                if (_depth > 0)
                    _depth--;
                break;
            case JsonTokenType.PropertyName:
                if (_depth > 0)
                    _frames[_depth - 1].Property = PropertyName(ref reader);
                break;
            default:
                EnterValueSlot();
                break;
        }
    }

    /// <summary>The path of the value last observed; the root itself is <c>$</c>.</summary>
    public string CurrentPath()
    {
        _length = 0;
        Span<char> digits = stackalloc char[20];
        for (var i = 0; i < _depth; i++)
        {
            var frame = _frames[i];
            if (frame.IsArray)
            {
                Append('[');
                frame.Index.TryFormat(digits, out var written, default, System.Globalization.CultureInfo.InvariantCulture);
                Append(digits[..written]);
                Append(']');
            }
            else if (frame.Property is { } name)
            {
                AppendProperty(name);
            }
        }
        return _length == 0 ? "$" : Cached(_paths, _buffer.AsSpan(0, _length));
    }

    /// <summary>Forgets the position, for the next JSONL document (the caches stay).</summary>
    public void Reset() => _depth = 0;

    private void EnterValueSlot()
    {
        if (_depth > 0 && _frames[_depth - 1].IsArray)
            _frames[_depth - 1].Index++;
    }

    private string PropertyName(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > MaxCachedNameBytes)
            return reader.GetString()!;
        Span<char> chars = stackalloc char[MaxCachedNameBytes];
        var count = Encoding.UTF8.GetChars(reader.ValueSpan, chars);
        return Cached(_names, chars[..count]);
    }

    private static string Cached(Dictionary<string, string> cache, ReadOnlySpan<char> text)
    {
        var lookup = cache.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(text, out var known))
            return known;
        var made = text.ToString();
        if (cache.Count < MaxCached)
            cache[made] = made;
        return made;
    }

    private void AppendProperty(string name)
    {
        if (IsPlain(name))
        {
            if (_length > 0)
                Append('.');
            Append(name);
        }
        else
        {
            Append("[\"");
            Append(name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal));
            Append("\"]");
        }
    }

    // A name that reads unambiguously after a dot; others are quoted in brackets.
    private static bool IsPlain(string name)
    {
        if (name.Length == 0 || char.IsDigit(name[0]))
            return false;
        foreach (var c in name)
            if (!(char.IsLetterOrDigit(c) || c == '_' || c == '-'))
                return false;
        return true;
    }

    private void Append(char c)
    {
        Reserve(1);
        _buffer[_length++] = c;
    }

    private void Append(ReadOnlySpan<char> text)
    {
        Reserve(text.Length);
        text.CopyTo(_buffer.AsSpan(_length));
        _length += text.Length;
    }

    private void Reserve(int more)
    {
        if (_length + more > _buffer.Length)
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
    }
}
