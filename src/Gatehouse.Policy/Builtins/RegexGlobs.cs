using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Builtins;

/// <summary>
/// <c>regex.globs_match(a, b)</c>: whether some string matches both patterns. Patterns use the small "glob" subset of
/// regex syntax OPA accepts here: literals, <c>\</c> escapes, <c>.</c>, character sets <c>[a-z]</c> / <c>[^...]</c>,
/// and the quantifiers <c>*</c> and <c>+</c> on the preceding token. The test walks both token lists together
/// (a product automaton), so it is linear in the product of the pattern lengths.
/// </summary>
public static class RegexGlobs
{
    private const string Name = "regex.globs_match";

    /// <summary>Registers the family.</summary>
    public static void Register(BuiltinRegistry registry) =>
        registry.Register(Name, BuiltinSignature.Of(RegoType.Boolean, RegoType.String, RegoType.String), (o, _) =>
            BooleanValue.Of(Intersect(Tokens(Operand.String(Name, o, 0)), Tokens(Operand.String(Name, o, 1)))));

    /// <summary>One position of a pattern: a set of characters, repeated once or any number of times.</summary>
    private sealed record Token(bool Negated, List<(char Low, char High)> Ranges, bool Star)
    {
        public bool Contains(char c) => Ranges.Any(r => c >= r.Low && c <= r.High) != Negated;

        public static Token Literal(char c) => new(false, [(c, c)], false);
    }

    private static BuiltinException Invalid(string pattern, int position, string problem) =>
        BuiltinException.Error(Name, $"input:{pattern}, pos:{position}, {problem}: the input provided is invalid");

    private static List<Token> Tokens(string pattern)
    {
        var tokens = new List<Token>();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '\\':
                    if (++i >= pattern.Length) throw Invalid(pattern, i, "escape '\\' at end of input");
                    tokens.Add(Token.Literal(pattern[i]));
                    break;
                case '.':
                    tokens.Add(new Token(true, [], false));
                    break;
                case '[':
                    i = Set(pattern, i, tokens);
                    break;
                case ']':
                    throw Invalid(pattern, i + 1, "set-close ']' with no preceding '['");
                case '*' or '+':
                    if (tokens.Count == 0 || tokens[^1].Star) throw Invalid(pattern, i + 1, $"quantifier '{c}' with no preceding token");
                    // X+ is X followed by X*.
                    if (c == '+') tokens.Add(tokens[^1] with { Star = true });
                    else tokens[^1] = tokens[^1] with { Star = true };
                    break;
                default:
                    tokens.Add(Token.Literal(c));
                    break;
            }
        }
        return tokens;
    }

    private static int Set(string pattern, int start, List<Token> tokens)
    {
        var i = start + 1;
        var negated = i < pattern.Length && pattern[i] == '^';
        if (negated) i++;
        var ranges = new List<(char, char)>();
        while (true)
        {
            if (i >= pattern.Length) throw Invalid(pattern, start + 1, "set-open '[' with no closing ']'");
            var c = pattern[i];
            if (c == ']') break;
            if (c == '\\' && i + 1 < pattern.Length) c = pattern[++i];
            var high = c;
            if (i + 2 < pattern.Length && pattern[i + 1] == '-' && pattern[i + 2] != ']')
            {
                i += 2;
                high = pattern[i] == '\\' && i + 1 < pattern.Length ? pattern[++i] : pattern[i];
                if (high < c) throw Invalid(pattern, i + 1, $"range '{c}-{high}' is out of order");
            }
            ranges.Add((c, high));
            i++;
        }
        tokens.Add(new Token(negated, ranges, false));
        return i;
    }

    /// <summary>Some character both tokens accept. Intersections of interval sets have interval ends as members, so checking ends (and their neighbours) suffices.</summary>
    private static bool Overlap(Token a, Token b)
    {
        var candidates = new HashSet<char> { '\0', 'a', char.MaxValue };
        foreach (var (low, high) in a.Ranges.Concat(b.Ranges))
        {
            candidates.Add(low);
            candidates.Add(high);
            if (low > char.MinValue) candidates.Add((char)(low - 1));
            if (high < char.MaxValue) candidates.Add((char)(high + 1));
        }
        return candidates.Any(c => a.Contains(c) && b.Contains(c));
    }

    private static bool Intersect(List<Token> a, List<Token> b)
    {
        var seen = new HashSet<(int, int)>();
        var pending = new Stack<(int I, int J)>();
        pending.Push((0, 0));
        while (pending.TryPop(out var state))
        {
            if (!seen.Add(state)) continue;
            var (i, j) = state;
            if (i == a.Count && j == b.Count) return true;
            if (i < a.Count && a[i].Star) pending.Push((i + 1, j));
            if (j < b.Count && b[j].Star) pending.Push((i, j + 1));
            // Consuming one shared character; when both sides are starred that leads back to this state.
            if (i < a.Count && j < b.Count && !(a[i].Star && b[j].Star) && Overlap(a[i], b[j]))
                pending.Push((a[i].Star ? i : i + 1, b[j].Star ? j : j + 1));
        }
        return false;
    }
}
