namespace Gatehouse.Policy.Compiler;

/// <summary>A lexical scope of local variables (rule body, comprehension, <c>every</c>): names to frame slots.</summary>
internal sealed class Scope(Scope? parent)
{
    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);

    public Scope? Parent { get; } = parent;

    public bool TryLookup(string name, out int slot)
    {
        for (var scope = this; scope is not null; scope = scope.Parent)
            if (scope._slots.TryGetValue(name, out slot)) return true;
        slot = -1;
        return false;
    }

    public bool DeclaresHere(string name) => _slots.ContainsKey(name);

    public void Declare(string name, int slot) => _slots[name] = slot;
}
