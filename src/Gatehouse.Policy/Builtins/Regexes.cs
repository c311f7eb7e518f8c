using System.Text;
using System.Text.RegularExpressions;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Builtins;

/// <summary>
/// <c>regex.*</c> builtins with Go's <c>regexp</c> semantics: RE2 syntax (see <see cref="Re2Translator"/>), successive
/// non-overlapping matches where an empty match right after a previous match is skipped, <c>n = -1</c> meaning all,
/// unmatched groups as empty strings, and Go's <c>$name</c> / <c>${name}</c> template expansion in <c>regex.replace</c>.
/// </summary>
public static class Regexes
{
    private static readonly RegoType S = RegoType.String;

    /// <summary>Registers the family.</summary>
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("regex.match", BuiltinSignature.Of(RegoType.Boolean, S, S),
            (o, _) => BooleanValue.Of(RegexCache.Get("regex.match", Operand.String("regex.match", o, 0)).IsMatch(Operand.String("regex.match", o, 1))));
        registry.Register("regex.is_valid", BuiltinSignature.Of(RegoType.Boolean, RegoType.Any),
            (o, _) => BooleanValue.Of(o[0] is StringValue s && RegexCache.TryGet(s.Value, out var _, out var _)));
        registry.Register("regex.split", BuiltinSignature.Of(RegoType.ArrayOf(S), S, S), Split);
        registry.Register("regex.find_n", BuiltinSignature.Of(RegoType.ArrayOf(S), S, S, RegoType.Number), FindN);
        registry.Register("regex.find_all_string_submatch_n",
            BuiltinSignature.Of(RegoType.ArrayOf(RegoType.ArrayOf(S)), S, S, RegoType.Number), FindSubmatches);
        registry.Register("regex.replace", BuiltinSignature.Of(S, S, S, S), Replace);
        registry.Register("regex.template_match", BuiltinSignature.Of(RegoType.Boolean, S, S, S, S), TemplateMatch);
    }

    /// <summary>Go's <c>FindAll</c>: at most <paramref name="limit"/> matches (negative: all), skipping empty matches that abut the previous one.</summary>
    internal static List<Match> FindAll(Regex regex, string text, int limit)
    {
        var matches = new List<Match>();
        var previousEnd = -1;
        for (var match = regex.Match(text); match.Success && (limit < 0 || matches.Count < limit); match = match.NextMatch())
        {
            if (match.Length == 0 && match.Index == previousEnd) continue;
            matches.Add(match);
            previousEnd = match.Index + match.Length;
        }
        return matches;
    }

    private static Value Split(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        var regex = RegexCache.Get("regex.split", Operand.String("regex.split", operands, 0));
        var text = Operand.String("regex.split", operands, 1);
        if (text.Length == 0) return new ArrayValue([StringValue.Empty]);
        var parts = new List<Value>();
        int begin = 0, end = 0;
        foreach (var match in FindAll(regex, text, -1))
        {
            end = match.Index;
            if (match.Index + match.Length != 0) parts.Add(new StringValue(text[begin..end]));
            begin = match.Index + match.Length;
        }
        if (end != text.Length) parts.Add(new StringValue(text[begin..]));
        return new ArrayValue(parts.ToArray());
    }

    private static Value FindN(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        var regex = RegexCache.Get("regex.find_n", Operand.String("regex.find_n", operands, 0));
        var text = Operand.String("regex.find_n", operands, 1);
        var limit = OperandChecks.Int32("regex.find_n", operands, 2);
        return new ArrayValue(FindAll(regex, text, limit).Select(m => (Value)new StringValue(m.Value)).ToArray());
    }

    private static Value FindSubmatches(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        const string name = "regex.find_all_string_submatch_n";
        var regex = RegexCache.Get(name, Operand.String(name, operands, 0));
        var text = Operand.String(name, operands, 1);
        var limit = OperandChecks.Int32(name, operands, 2);
        var numbers = regex.GetGroupNumbers();
        return new ArrayValue(FindAll(regex, text, limit)
            .Select(m => (Value)new ArrayValue(numbers.Select(n => (Value)new StringValue(m.Groups[n].Success ? m.Groups[n].Value : "")).ToArray()))
            .ToArray());
    }

    private static Value Replace(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        var text = Operand.String("regex.replace", operands, 0);
        var regex = RegexCache.Get("regex.replace", Operand.String("regex.replace", operands, 1));
        var template = Operand.String("regex.replace", operands, 2);
        var output = new StringBuilder(text.Length);
        var last = 0;
        foreach (var match in FindAll(regex, text, -1))
        {
            output.Append(text, last, match.Index - last);
            Expand(regex, match, template, output);
            last = match.Index + match.Length;
        }
        output.Append(text, last, text.Length - last);
        return new StringValue(output.ToString());
    }

    /// <summary>
    /// Go's <c>Regexp.Expand</c>: <c>$$</c> is a dollar; <c>$name</c> takes the longest run of letters, digits and
    /// underscores as the name (so <c>$1x</c> names group "1x"); <c>${name}</c> delimits it; unknown groups expand to nothing.
    /// </summary>
    private static void Expand(Regex regex, Match match, string template, StringBuilder output)
    {
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] != '$' || i + 1 >= template.Length)
            {
                output.Append(template[i]);
                continue;
            }
            if (template[i + 1] == '$')
            {
                output.Append('$');
                i++;
                continue;
            }
            string name;
            int next;
            if (template[i + 1] == '{')
            {
                var close = template.IndexOf('}', i + 2);
                name = close < 0 ? "" : template[(i + 2)..close];
                if (close < 0 || name.Length == 0 || !name.All(IsNameChar))
                {
                    output.Append('$');
                    continue;
                }
                next = close + 1;
            }
            else
            {
                next = i + 1;
                while (next < template.Length && IsNameChar(template[next])) next++;
                name = template[(i + 1)..next];
                if (name.Length == 0)
                {
                    output.Append('$');
                    continue;
                }
            }
            var number = name.All(char.IsAsciiDigit) && name.Length < 10 ? int.Parse(name, System.Globalization.CultureInfo.InvariantCulture) : -1;
            var group = number >= 0 ? (regex.GetGroupNumbers().Contains(number) ? match.Groups[number] : null)
                : regex.GroupNumberFromName(name) >= 0 && !name.All(char.IsAsciiDigit) ? match.Groups[name] : null;
            if (group is { Success: true }) output.Append(group.Value);
            i = next - 1;
        }
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static Value TemplateMatch(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        const string name = "regex.template_match";
        var template = Operand.String(name, operands, 0);
        var text = Operand.String(name, operands, 1);
        var open = Operand.String(name, operands, 2);
        var close = Operand.String(name, operands, 3);
        if (open.Length == 0 || close.Length == 0) throw BuiltinException.Error(name, "delimiters must not be empty");
        var pattern = new StringBuilder("^");
        var depth = 0;
        var segment = new StringBuilder();
        foreach (var c in template)
        {
            if (c == open[0])
            {
                if (depth == 0) { pattern.Append(Regex.Escape(segment.ToString())); segment.Clear(); }
                else segment.Append(c);
                depth++;
            }
            else if (c == close[0] && depth > 0)
            {
                depth--;
                if (depth == 0) { pattern.Append('(').Append(segment).Append(')'); segment.Clear(); }
                else segment.Append(c);
            }
            else segment.Append(c);
        }
        if (depth != 0) throw BuiltinException.Error(name, $"unbalanced braces in template: {template}");
        pattern.Append(Regex.Escape(segment.ToString())).Append('$');
        // Literal parts were escaped by .NET; translate only the regex parts, which RE2 defines.
        return BooleanValue.Of(RegexCache.Get(name, ToRe2Literal(pattern.ToString())).IsMatch(text));
    }

    /// <summary>.NET's <see cref="Regex.Escape"/> escapes space and '#' which RE2 would reject as escapes; undo those.</summary>
    private static string ToRe2Literal(string pattern) => pattern.Replace("\\ ", " ", StringComparison.Ordinal).Replace("\\#", "#", StringComparison.Ordinal);
}
