using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Builtins;

/// <summary><c>union</c> and <c>intersection</c> of a set of sets.</summary>
public static class SetFunctions
{
    /// <summary>Registers the family.</summary>
    public static void Register(BuiltinRegistry registry)
    {
        var sets = RegoType.SetOf(RegoType.SetOf(RegoType.Any));
        var set = RegoType.SetOf(RegoType.Any);
        registry.Register("union", BuiltinSignature.Of(set, sets), (o, _) =>
        {
            var result = new HashSet<Value>();
            foreach (var member in Members("union", o)) result.UnionWith(member);
            return SetValue.FromOwned(result);
        });
        registry.Register("intersection", BuiltinSignature.Of(set, sets), (o, _) =>
        {
            HashSet<Value>? result = null;
            foreach (var member in Members("intersection", o))
            {
                if (result is null) result = [.. member];
                else result.IntersectWith(member);
            }
            return SetValue.FromOwned(result ?? []);
        });
    }

    private static List<SetValue> Members(string name, ReadOnlySpan<Value> operands)
    {
        var sets = Operand.Set(name, operands, 0);
        return sets.Select(s => s as SetValue ?? throw OperandChecks.ElementType(name, 0, sets, s, "set")).ToList();
    }
}
