using Gatehouse.Policy.Ast;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Eval;

/// <summary>
/// Collection literals whose elements are all constants (<c>{"secret", "health"}</c>, <c>["a", 1]</c>, nested ones
/// too) have one value whatever the input: it is built on first use and kept on the term, so a rule that tests
/// membership in a literal set does not build the set on every call.
/// </summary>
internal static class GroundTerms
{
    /// <summary>The term's constant value, or null when it depends on variables, input, data or calls.</summary>
    public static Value? ValueOf(Term term)
    {
        var state = Volatile.Read(ref term.GroundState);
        if (state != 0) return state > 0 ? term.GroundValue : null;
        var value = Build(term);
        // The value is published before the state that says it is there, so a reader never sees the state alone.
        term.GroundValue = value;
        Volatile.Write(ref term.GroundState, value is null ? -1 : 1);
        return value;
    }

    private static Value? Build(Term term)
    {
        switch (term)
        {
            case ScalarTerm s:
                return s.Value;
            case ArrayTerm a:
            {
                var items = new Value[a.Items.Count];
                for (var i = 0; i < items.Length; i++)
                    if ((items[i] = ValueOf(a.Items[i])!) is null) return null;
                return new ArrayValue(items);
            }
            case SetTerm s:
            {
                var items = new Value[s.Items.Count];
                for (var i = 0; i < items.Length; i++)
                    if ((items[i] = ValueOf(s.Items[i])!) is null) return null;
                return SetValue.Of(items);
            }
            case ObjectTerm o:
            {
                var items = new Dictionary<Value, Value>(o.Items.Count);
                foreach (var (keyTerm, valueTerm) in o.Items)
                {
                    if (ValueOf(keyTerm) is not { } key || ValueOf(valueTerm) is not { } item) return null;
                    items[key] = item;
                }
                return ObjectValue.FromOwned(items);
            }
            default:
                return null;
        }
    }
}
