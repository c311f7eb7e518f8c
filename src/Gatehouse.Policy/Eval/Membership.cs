using Gatehouse.Policy.Builtins;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Eval;

/// <summary>The <c>in</c> operator as builtins: <c>internal.member_2(x, xs)</c> and <c>internal.member_3(k, v, xs)</c>.</summary>
public static class Membership
{
    /// <summary>Registers the family.</summary>
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("internal.member_2", BuiltinSignature.Of(RegoType.Boolean, RegoType.Any, RegoType.Any), (o, _) => BooleanValue.Of(o[1] switch
        {
            SetValue set => set.Contains(o[0]),
            ArrayValue array => array.Contains(o[0]),
            ObjectValue obj => ContainsValue(obj, o[0]),
            _ => false,
        }));
        registry.Register("internal.member_3", BuiltinSignature.Of(RegoType.Boolean, RegoType.Any, RegoType.Any, RegoType.Any), (o, _) => BooleanValue.Of(o[2] switch
        {
            ArrayValue array => o[0] is NumberValue n && n.TryGetInt32(out var i) && i >= 0 && i < array.Count && array[i].Equals(o[1]),
            ObjectValue obj => obj.Get(o[0]) is { } value && value.Equals(o[1]),
            SetValue set => o[0].Equals(o[1]) && set.Contains(o[0]),
            _ => false,
        }));
    }

    private static bool ContainsValue(ObjectValue obj, Value wanted)
    {
        foreach (var (_, value) in obj)
            if (value.Equals(wanted)) return true;
        return false;
    }
}
