using Gatehouse.Policy.Compiler;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Eval;

/// <summary>
/// The parts of one query's input that memoised rules are keyed on (see <see cref="InputKeyedValues"/>), each looked up
/// at most once per query however many rules read it. Absence and "not an object where <c>object.get</c> needs one"
/// are values of their own, so that they key differently from each other and from every JSON value.
/// </summary>
internal sealed class InputParts
{
    /// <summary>The path leads nowhere (undefined).</summary>
    internal static readonly object Absent = new();

    /// <summary>A guarded path meets a value that is absent or not an object at its guard.</summary>
    internal static readonly object NotAnObject = new();

    private InputPath[] _paths = [];
    private Value? _input;
    private object?[] _parts = [];

    /// <summary>Starts looking up <paramref name="paths"/> in <paramref name="input"/>; earlier lookups are forgotten.</summary>
    public void Bind(InputPath[] paths, Value? input)
    {
        _paths = paths;
        _input = input;
        if (_parts.Length != paths.Length) _parts = new object?[paths.Length];
        else Array.Clear(_parts);
    }

    /// <summary>Forgets the input and what was looked up in it (the owner is parked between queries).</summary>
    public void Unbind()
    {
        _input = null;
        Array.Clear(_parts);
    }

    /// <summary>The input this lookup reads; memoisation applies only while it is the query's input.</summary>
    public Value? Input => _input;

    /// <summary>The value at path number <paramref name="index"/>, or one of the markers.</summary>
    public object Get(int index) => _parts[index] ??= Resolve(_input, _paths[index]);

    private static object Resolve(Value? input, InputPath path)
    {
        var current = input;
        for (var i = 0; i < path.Path.Length; i++)
        {
            // object.get of an absent or non-object value is undefined, of an object without the key its default.
            if (i == path.Guard && current is not ObjectValue) return NotAnObject;
            if (current is null) return path.Guard > i ? NotAnObject : Absent;
            var key = path.Path[i];
            current = current switch
            {
                ObjectValue obj => obj.Get(key),
                ArrayValue array => key is NumberValue n && n.TryGetInt32(out var at) && at >= 0 && at < array.Count ? array[at] : null,
                SetValue set => set.Contains(key) ? key : null,
                _ => null,
            };
        }
        return current ?? Absent;
    }
}
