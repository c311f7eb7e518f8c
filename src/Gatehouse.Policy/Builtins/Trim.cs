using System.Text;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Builtins;

/// <summary>
/// <c>trim trim_left trim_right trim_prefix trim_suffix trim_space</c> with Go's semantics: a cutset is a set of
/// code points, a prefix or suffix is removed once, and whitespace is Unicode's White_Space.
/// </summary>
public static class Trim
{
    /// <summary>Registers the family.</summary>
    public static void Register(BuiltinRegistry registry)
    {
        var binary = BuiltinSignature.Of(RegoType.String, RegoType.String, RegoType.String);
        registry.Register("trim", binary, (o, _) => Cut("trim", o, left: true, right: true));
        registry.Register("trim_left", binary, (o, _) => Cut("trim_left", o, left: true, right: false));
        registry.Register("trim_right", binary, (o, _) => Cut("trim_right", o, left: false, right: true));
        registry.Register("trim_prefix", binary, (o, _) =>
        {
            var text = Operand.String("trim_prefix", o, 0);
            var prefix = Operand.String("trim_prefix", o, 1);
            return new StringValue(text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..] : text);
        });
        registry.Register("trim_suffix", binary, (o, _) =>
        {
            var text = Operand.String("trim_suffix", o, 0);
            var suffix = Operand.String("trim_suffix", o, 1);
            return new StringValue(text.EndsWith(suffix, StringComparison.Ordinal) ? text[..^suffix.Length] : text);
        });
        registry.Register("trim_space", BuiltinSignature.Of(RegoType.String, RegoType.String),
            (o, _) => new StringValue(TrimRunes(Operand.String("trim_space", o, 0), Rune.IsWhiteSpace, true, true)));
    }

    private static StringValue Cut(string name, ReadOnlySpan<Value> operands, bool left, bool right)
    {
        var text = Operand.String(name, operands, 0);
        var cutset = new HashSet<Rune>(Operand.String(name, operands, 1).EnumerateRunes());
        return new StringValue(TrimRunes(text, cutset.Contains, left, right));
    }

    private static string TrimRunes(string text, Func<Rune, bool> cut, bool left, bool right)
    {
        var runes = text.EnumerateRunes().ToList();
        var start = 0;
        var end = runes.Count;
        if (left) while (start < end && cut(runes[start])) start++;
        if (right) while (end > start && cut(runes[end - 1])) end--;
        var builder = new StringBuilder(text.Length);
        for (var i = start; i < end; i++) builder.Append(runes[i].ToString());
        return builder.ToString();
    }
}
