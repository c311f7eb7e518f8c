using Gatehouse.Policy.Builtins.Network;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Builtins;

/// <summary>
/// The <c>net.cidr_*</c> builtins for IPv4 and IPv6, with OPA's semantics: malformed blocks are errors reading like
/// Go's (<c>invalid CIDR address: x</c>), a bare address stands for itself where an address is allowed, and
/// <c>net.cidr_merge</c> gives bare IPv4 addresses their classful default mask as Go's <c>IP.DefaultMask</c> does.
/// </summary>
public static class NetCidr
{
    /// <summary>The most addresses <c>net.cidr_expand</c> will list; larger blocks are an error rather than a hung host.</summary>
    public const int MaxExpansion = 1 << 20;

    /// <summary>Registers the family.</summary>
    public static void Register(BuiltinRegistry registry)
    {
        var s = RegoType.String;
        var b = RegoType.Boolean;
        registry.Register("net.cidr_contains", BuiltinSignature.Of(b, s, s), (o, _) =>
            BooleanValue.Of(Cidr("net.cidr_contains", Operand.String("net.cidr_contains", o, 0))
                .Contains(CidrOrAddress("net.cidr_contains", Operand.String("net.cidr_contains", o, 1)))));
        registry.Register("net.cidr_intersects", BuiltinSignature.Of(b, s, s), (o, _) =>
            BooleanValue.Of(Cidr("net.cidr_intersects", Operand.String("net.cidr_intersects", o, 0))
                .Overlaps(Cidr("net.cidr_intersects", Operand.String("net.cidr_intersects", o, 1)))));
        registry.Register("net.cidr_is_valid", BuiltinSignature.Of(b, s), (o, _) =>
            BooleanValue.Of(IpBlock.TryParseCidr(Operand.String("net.cidr_is_valid", o, 0), out var ignored)));
        registry.Register("net.cidr_expand", BuiltinSignature.Of(RegoType.SetOf(s), s), Expand);
        var strings = RegoType.AnyOf(RegoType.ArrayOf(s), RegoType.SetOf(s));
        registry.Register("net.cidr_merge", BuiltinSignature.Of(RegoType.SetOf(s), strings), Merge);
        var collection = RegoType.AnyOf(s, RegoType.ArrayOf(RegoType.Any), RegoType.SetOf(RegoType.Any),
            RegoType.ObjectOf(RegoType.Any, RegoType.Any));
        registry.Register("net.cidr_contains_matches",
            BuiltinSignature.Of(RegoType.SetOf(RegoType.ArrayOf(RegoType.Any)), collection, collection), ContainsMatches);
    }

    private static IpBlock Cidr(string name, string text) =>
        IpBlock.TryParseCidr(text, out var block) ? block : throw BuiltinException.Error(name, "invalid CIDR address: " + text);

    private static IpBlock CidrOrAddress(string name, string text) =>
        IpBlock.TryParseAddress(text, out var address) ? address : Cidr(name, text);

    private static Value Expand(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        var block = Cidr("net.cidr_expand", Operand.String("net.cidr_expand", operands, 0));
        if (block.Bits - block.PrefixLength > 20)
            throw BuiltinException.Error("net.cidr_expand", $"{block} has more than {MaxExpansion} addresses to expand");
        var items = new HashSet<Value>();
        for (var address = block.First; ; address++)
        {
            items.Add(new StringValue(IpBlock.FormatAddress(address, block.IsV4)));
            if (address == block.Last) break;
        }
        return SetValue.FromOwned(items);
    }

    private static Value Merge(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        const string name = "net.cidr_merge";
        var blocks = new List<IpBlock>();
        foreach (var item in Operand.ArrayOrSet(name, operands, 0))
        {
            if (item is not StringValue text)
                throw BuiltinException.TypeError(name, $"operand 1 must be one of {{array, set}} of strings but got element of type {item.TypeName}");
            blocks.Add(MergeOperand(name, text.Value));
        }
        return SetValue.Of(CidrMerger.Merge(blocks).Select(block => (Value)new StringValue(block.ToString())));
    }

    private static IpBlock MergeOperand(string name, string text)
    {
        if (text.Contains('/', StringComparison.Ordinal)) return Cidr(name, text).Network;
        if (!IpBlock.TryParseAddress(text, out var address)) throw BuiltinException.Error(name, "IP invalid: " + text);
        // Go's IP.DefaultMask: the classful mask for IPv4 classes A, B and C; nothing for IPv6 or classes D and E.
        var first = (uint)(address.Address >> 24);
        var prefix = !address.IsV4 ? 0 : first < 128 ? 8 : first < 192 ? 16 : first < 224 ? 24 : 0;
        if (prefix == 0) throw BuiltinException.Error(name, "IPv6 invalid: needs prefix length");
        return (address with { PrefixLength = prefix }).Network;
    }

    private static Value ContainsMatches(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        const string name = "net.cidr_contains_matches";
        var cidrs = Entries(name, operands, 0).Select(e => (e.Key, Block: Cidr(name, e.Text))).ToList();
        var addresses = Entries(name, operands, 1).Select(e => (e.Key, Block: CidrOrAddress(name, e.Text))).ToList();
        var matches = new HashSet<Value>();
        foreach (var cidr in cidrs)
            foreach (var address in addresses)
                if (cidr.Block.Contains(address.Block)) matches.Add(new ArrayValue([cidr.Key, address.Key]));
        return SetValue.FromOwned(matches);
    }

    /// <summary>
    /// The (key, block text) pairs of a <c>cidr_contains_matches</c> operand: a string is its own key; array elements
    /// are keyed by index, object values by key, set elements by themselves; an element is a string or a non-empty
    /// array whose first element is the string (a tuple carrying extra data).
    /// </summary>
    private static List<(Value Key, string Text)> Entries(string name, ReadOnlySpan<Value> operands, int index)
    {
        var entries = new List<(Value, string)>();
        void Add(Value key, Value element)
        {
            var text = element switch
            {
                StringValue s => s.Value,
                ArrayValue { Count: > 0 } a when a[0] is StringValue first => first.Value,
                _ => throw BuiltinException.Error(name, $"operand {index + 1}: element must be string or non-empty array"),
            };
            entries.Add((key, text));
        }
        switch (operands[index])
        {
            case StringValue s: Add(s, s); break;
            case ArrayValue array:
                for (var i = 0; i < array.Count; i++) Add(NumberValue.Of(i), array[i]);
                break;
            case SetValue set:
                foreach (var item in set) Add(item, item);
                break;
            case ObjectValue obj:
                foreach (var (key, item) in obj) Add(key, item);
                break;
            default:
                throw Operand.Mismatch(name, index, operands[index], ValueKind.String, ValueKind.Array, ValueKind.Set, ValueKind.Object);
        }
        return entries;
    }
}
