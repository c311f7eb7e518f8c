using System.Collections.Frozen;

namespace Gatehouse.Policy.Builtins;

/// <summary>
/// Builtins by name. <see cref="Default"/> holds every family this library ships; hosts may build their own registry
/// (e.g. to add a custom builtin) and hand it to the compiler. Registration happens before use; reads are thread-safe
/// once the registry is frozen by its first lookup.
/// </summary>
public sealed class BuiltinRegistry
{
    private static readonly Lazy<BuiltinRegistry> DefaultRegistry = new(CreateDefault);
    private readonly Dictionary<string, Builtin> _builtins = new(StringComparer.Ordinal);
    private FrozenDictionary<string, Builtin>? _frozen;

    /// <summary>A registry with every shipped family registered (see <see cref="BuiltinFamilies"/>).</summary>
    public static BuiltinRegistry Default => DefaultRegistry.Value;

    /// <summary>A new registry with every shipped family registered.</summary>
    public static BuiltinRegistry CreateDefault()
    {
        var registry = new BuiltinRegistry();
        BuiltinFamilies.RegisterAll(registry);
        return registry;
    }

    /// <summary>Registers a builtin that returns one result or undefined.</summary>
    public void Register(string name, BuiltinSignature signature, BuiltinFunction function, bool nondeterministic = false) =>
        Add(new Builtin(name, signature, function, null, nondeterministic));

    /// <summary>Registers a builtin that yields any number of results (like <c>walk</c>).</summary>
    public void RegisterRelation(string name, BuiltinSignature signature, RelationalBuiltinFunction relation) =>
        Add(new Builtin(name, signature, null, relation, false));

    private void Add(Builtin builtin)
    {
        if (_frozen is not null) throw new InvalidOperationException("The registry is in use and can no longer change.");
        if (!_builtins.TryAdd(builtin.Name, builtin))
            throw new InvalidOperationException($"builtin {builtin.Name} is registered twice");
    }

    /// <summary>Looks a builtin up by its Rego name.</summary>
    public bool TryGet(string name, out Builtin builtin)
    {
        var frozen = _frozen ??= _builtins.ToFrozenDictionary(StringComparer.Ordinal);
        return frozen.TryGetValue(name, out builtin!);
    }

    /// <summary>Whether <paramref name="name"/> is a builtin.</summary>
    public bool Contains(string name) => TryGet(name, out _);

    /// <summary>Every registered builtin.</summary>
    public IEnumerable<Builtin> All => _frozen?.Values ?? (IEnumerable<Builtin>)_builtins.Values;

    /// <summary>Whether some builtin's name starts with <paramref name="prefix"/> followed by a dot (e.g. <c>strings</c>).</summary>
    public bool IsNamespace(string prefix)
    {
        var dotted = prefix + ".";
        return All.Any(b => b.Name.StartsWith(dotted, StringComparison.Ordinal));
    }
}
