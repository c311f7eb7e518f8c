namespace Gatehouse.Policy.Compiler;

/// <summary>A lexical scope of local variables (rule body, comprehension, <c>every</c>): names to frame slots.</summary>
internal sealed class Scope(Scope? parent)
{
    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _declaredAt = new(StringComparer.Ordinal);

    public Scope? Parent { get; } = parent;

    /// <summary>The index of the expression being resolved in this scope's body.</summary>
    public int CurrentExpr { get; set; }

    /// <summary>
    /// Looks a name up for a nested body: a variable the enclosing body declares (<c>:=</c>, <c>some</c>) only in a
    /// later expression is not visible yet, so the nested body gets its own.
    /// </summary>
    public bool TryLookupVisible(string name, out int slot)
    {
        for (var scope = this; scope is not null; scope = scope.Parent)
        {
            if (!scope._slots.TryGetValue(name, out slot)) continue;
            if (scope._declaredAt.TryGetValue(name, out var at) && at > scope.CurrentExpr) return false;
            return true;
        }
        slot = -1;
        return false;
    }

    public void MarkDeclaredAt(string name, int index) => _declaredAt.TryAdd(name, index);

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
