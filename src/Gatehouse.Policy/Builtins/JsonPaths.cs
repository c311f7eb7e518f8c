using System.Globalization;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Builtins;

/// <summary>
/// <c>json.filter</c> and <c>json.remove</c>: keep or drop the documents at a set of paths. A path is a string
/// (<c>"a/b/0"</c>, JSON-pointer escapes <c>~0</c> <c>~1</c>) or an array of segments (<c>["a", "b", 0]</c>); a path that
/// is a prefix of another covers it. String segments address array elements by their decimal index.
/// </summary>
public static class JsonPaths
{
    private static readonly RegoType AnyObject = RegoType.ObjectOf(RegoType.Any, RegoType.Any);

    /// <summary>Registers the family.</summary>
    public static void Register(BuiltinRegistry registry)
    {
        var paths = RegoType.AnyOf(RegoType.ArrayOf(RegoType.Any), RegoType.SetOf(RegoType.Any));
        registry.Register("json.filter", BuiltinSignature.Of(RegoType.Any, AnyObject, paths), (o, _) =>
            Filter(Operand.Object("json.filter", o, 0), Trie("json.filter", o)) ?? ObjectValue.Empty);
        registry.Register("json.remove", BuiltinSignature.Of(RegoType.Any, AnyObject, paths), (o, _) =>
            Remove(Operand.Object("json.remove", o, 0), Trie("json.remove", o)));
    }

    /// <summary>Splits a string path into segments: one leading slash is optional, <c>~1</c> is '/', <c>~0</c> is '~'.</summary>
    internal static List<Value> ParsePath(string path)
    {
        var trimmed = path.Trim('/');
        if (trimmed.Length == 0) return [];
        return trimmed.Split('/').Select(s => (Value)new StringValue(Unescape(s))).ToList();
    }

    /// <summary>Undoes JSON-pointer escapes: <c>~1</c> is '/', then <c>~0</c> is '~'.</summary>
    internal static string Unescape(string segment) =>
        segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);

    /// <summary>The array index a segment names, or -1 (decimal without leading zeros, as JSON pointers require).</summary>
    internal static int Index(Value segment) => segment switch
    {
        NumberValue n when n.TryGetInt32(out var i) && i >= 0 => i,
        StringValue s when s.Value.Length > 0 && s.Value.All(char.IsAsciiDigit) && (s.Value.Length == 1 || s.Value[0] != '0') && int.TryParse(s.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var i) => i,
        _ => -1,
    };

    private sealed class Node
    {
        public Dictionary<Value, Node> Children { get; } = [];
        public bool Terminal { get; set; }

        public Node? ForKey(Value key) => Children.GetValueOrDefault(key);

        public Node? ForIndex(int index) =>
            Children.GetValueOrDefault(NumberValue.Of(index)) ?? Children.GetValueOrDefault(new StringValue(index.ToString(CultureInfo.InvariantCulture)));
    }

    private static Node Trie(string name, ReadOnlySpan<Value> operands)
    {
        var collection = operands[1];
        IEnumerable<Value> items = collection switch
        {
            ArrayValue a => a,
            SetValue s => s,
            var other => throw OperandChecks.OneOf(name, 1, other, "set, array"),
        };
        var root = new Node();
        foreach (var item in items)
        {
            var path = item switch
            {
                StringValue s => ParsePath(s.Value),
                ArrayValue a => a.ToList(),
                _ => throw BuiltinException.OperandType(name, 2, "one of {set, array} containing string paths or array of path segments", item.TypeName),
            };
            var node = root;
            foreach (var segment in path)
            {
                if (!node.Children.TryGetValue(segment, out var child)) node.Children[segment] = child = new Node();
                node = child;
            }
            node.Terminal = true;
        }
        return root;
    }

    private static Value? Filter(Value value, Node node)
    {
        if (node.Terminal) return value;
        switch (value)
        {
            case ObjectValue o:
                var kept = new Dictionary<Value, Value>();
                foreach (var (key, child) in o)
                    if (node.ForKey(key) is { } next && Filter(child, next) is { } filtered) kept[key] = filtered;
                return ObjectValue.FromOwned(kept);
            case ArrayValue a:
                var items = new List<Value>();
                for (var i = 0; i < a.Count; i++)
                    if (node.ForIndex(i) is { } next && Filter(a[i], next) is { } filtered) items.Add(filtered);
                return new ArrayValue(items.ToArray());
            case SetValue s:
                var members = new HashSet<Value>();
                foreach (var member in s)
                    if (node.ForKey(member) is { } next && Filter(member, next) is { } filtered) members.Add(filtered);
                return SetValue.FromOwned(members);
            default:
                return null;
        }
    }

    private static Value Remove(Value value, Node node)
    {
        switch (value)
        {
            case ObjectValue o:
                var kept = new Dictionary<Value, Value>();
                foreach (var (key, child) in o)
                {
                    var next = node.ForKey(key);
                    if (next is { Terminal: true }) continue;
                    kept[key] = next is null ? child : Remove(child, next);
                }
                return ObjectValue.FromOwned(kept);
            case ArrayValue a:
                var items = new List<Value>();
                for (var i = 0; i < a.Count; i++)
                {
                    var next = node.ForIndex(i);
                    if (next is { Terminal: true }) continue;
                    items.Add(next is null ? a[i] : Remove(a[i], next));
                }
                return new ArrayValue(items.ToArray());
            case SetValue s:
                var members = new HashSet<Value>();
                foreach (var member in s)
                {
                    var next = node.ForKey(member);
                    if (next is { Terminal: true }) continue;
                    members.Add(next is null ? member : Remove(member, next));
                }
                return SetValue.FromOwned(members);
            default:
                return value;
        }
    }
}
