using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Builtins;

/// <summary>
/// <c>json.patch(doc, patches)</c>: RFC 6902 (<c>add remove replace move copy test</c>) on Rego values, sets included:
/// a set member is addressed by its own value, and adding to a set requires the last path segment to equal the value.
/// Paths are JSON pointers (the leading slash optional) or arrays of segments. A patch that cannot apply (missing
/// target, bad index, failed test) makes the result undefined, as in OPA.
/// </summary>
public static class JsonPatch
{
    /// <summary>Registers the family.</summary>
    public static void Register(BuiltinRegistry registry) =>
        registry.Register("json.patch", BuiltinSignature.Of(RegoType.Any, RegoType.Any, RegoType.ArrayOf(RegoType.ObjectOf(RegoType.String, RegoType.Any))), Patch);

    private static Value? Patch(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        Value? document = operands[0];
        foreach (var item in Operand.Array("json.patch", operands, 1))
        {
            if (item is not ObjectValue patch) throw BuiltinException.OperandType("json.patch", 2, "array of objects", "array containing " + item.TypeName);
            document = Apply(document, patch);
            if (document is null) return null;
        }
        return document;
    }

    private static Value? Apply(Value document, ObjectValue patch)
    {
        if (patch.Get("op") is not StringValue op || Path(patch.Get("path")) is not { } path) return null;
        var value = patch.Get("value");
        switch (op.Value)
        {
            case "add":
                return value is null ? null : Add(document, path, value);
            case "remove":
                return Remove(document, path);
            case "replace":
                if (value is null) return null;
                if (path.Count == 0) return value;
                return Remove(document, path) is { } removed ? Add(removed, path, value) : null;
            case "move":
            {
                if (Path(patch.Get("from")) is not { } from || Get(document, from) is not { } moved) return null;
                return Remove(document, from) is { } without ? Add(without, path, moved) : null;
            }
            case "copy":
            {
                if (Path(patch.Get("from")) is not { } from || Get(document, from) is not { } copied) return null;
                return Add(document, path, copied);
            }
            case "test":
                return value is not null && Get(document, path) is { } actual && actual.Equals(value) ? document : null;
            default:
                return null;
        }
    }

    private static List<Value>? Path(Value? path) => path switch
    {
        StringValue s => Pointer(s.Value),
        ArrayValue a => [.. a],
        _ => null,
    };

    /// <summary>
    /// A JSON pointer: <c>""</c> is the whole document and <c>"/"</c> the key <c>""</c>. OPA also takes the pointer
    /// without its leading slash (<c>"foo/b"</c>).
    /// </summary>
    private static List<Value> Pointer(string pointer)
    {
        if (pointer.Length == 0) return [];
        var body = pointer.StartsWith('/') ? pointer[1..] : pointer;
        return body.Split('/').Select(s => (Value)new StringValue(JsonPaths.Unescape(s))).ToList();
    }

    private static Value? Get(Value document, List<Value> path)
    {
        Value? current = document;
        foreach (var segment in path)
        {
            current = Child(current, segment);
            if (current is null) return null;
        }
        return current;
    }

    private static Value? Child(Value container, Value key) => container switch
    {
        ObjectValue o => o.Get(key),
        ArrayValue a => JsonPaths.Index(key) is var i && i >= 0 && i < a.Count ? a[i] : null,
        SetValue s => s.Contains(key) ? key : null,
        _ => null,
    };

    private static Value? Add(Value document, List<Value> path, Value value) =>
        path.Count == 0 ? value : Edit(document, path, 0, (parent, key) => parent switch
        {
            ObjectValue o => o.With(key, value),
            ArrayValue a when key is StringValue { Value: "-" } => new ArrayValue([.. a, value]),
            ArrayValue a when JsonPaths.Index(key) is var i && i >= 0 && i <= a.Count => new ArrayValue([.. a.Take(i), value, .. a.Skip(i)]),
            SetValue s when key.Equals(value) => s.Union(SetValue.Of(value)),
            _ => null,
        });

    private static Value? Remove(Value document, List<Value> path) =>
        path.Count == 0 ? null : Edit(document, path, 0, (parent, key) => parent switch
        {
            ObjectValue o when o.ContainsKey(key) => o.Without(key),
            ArrayValue a when JsonPaths.Index(key) is var i && i >= 0 && i < a.Count => new ArrayValue([.. a.Take(i), .. a.Skip(i + 1)]),
            SetValue s when s.Contains(key) => s.Except(SetValue.Of(key)),
            _ => null,
        });

    /// <summary>Rebuilds the containers along <paramref name="path"/> around the edit made to the last one.</summary>
    private static Value? Edit(Value node, List<Value> path, int depth, Func<Value, Value, Value?> edit)
    {
        var key = path[depth];
        if (depth == path.Count - 1) return edit(node, key);
        if (Child(node, key) is not { } child || Edit(child, path, depth + 1, edit) is not { } updated) return null;
        return node switch
        {
            ObjectValue o => o.With(key, updated),
            ArrayValue a => new ArrayValue(a.Select((v, i) => i == JsonPaths.Index(key) ? updated : v).ToArray()),
            SetValue s => s.Except(SetValue.Of(key)).Union(SetValue.Of(updated)),
            _ => null,
        };
    }
}
