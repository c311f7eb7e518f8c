using System.Text;
using System.Text.RegularExpressions;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Builtins;

/// <summary>
/// <c>glob.match</c> and <c>glob.quote_meta</c> with the gobwas/glob syntax OPA uses: <c>*</c> (any run of
/// non-delimiter characters), <c>**</c> (any run), <c>?</c> (one non-delimiter character), <c>[abc]</c>, <c>[!a-z]</c>,
/// <c>{alt1,alt2}</c> and <c>\</c> escapes. An empty delimiter array means the default <c>["."]</c>; <c>null</c> means none.
/// </summary>
public static class Globs
{
    private const string Special = "*?\\[]{}";

    /// <summary>Registers the family.</summary>
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("glob.match", BuiltinSignature.Of(RegoType.Boolean, RegoType.String,
            RegoType.AnyOf(RegoType.ArrayOf(RegoType.String), RegoType.Null), RegoType.String), Match);
        registry.Register("glob.quote_meta", BuiltinSignature.Of(RegoType.String, RegoType.String), (o, _) =>
        {
            var text = Operand.String("glob.quote_meta", o, 0);
            var quoted = new StringBuilder(text.Length);
            foreach (var c in text)
            {
                if (Special.Contains(c)) quoted.Append('\\');
                quoted.Append(c);
            }
            return new StringValue(quoted.ToString());
        });
    }

    private static Value Match(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        var pattern = Operand.String("glob.match", operands, 0);
        var delimiters = operands[1] switch
        {
            NullValue => [],
            ArrayValue { Count: 0 } => ["."],
            ArrayValue a => OperandChecks.Strings("glob.match", a, 1, a),
            var other => throw OperandChecks.OneOf("glob.match", 1, other, "array, null"),
        };
        var text = Operand.String("glob.match", operands, 2);
        var separators = string.Concat(delimiters.Where(d => d.Length > 0).Select(d => d.EnumerateRunes().First().ToString()));
        Regex regex;
        try
        {
            regex = RegexCache.GetOrAdd("glob\0" + separators + "\0" + pattern, () => ToRegex(pattern, separators));
        }
        catch (FormatException e)
        {
            throw BuiltinException.Error("glob.match", e.Message);
        }
        return BooleanValue.Of(regex.IsMatch(text));
    }

    /// <summary>Translates a glob into an anchored .NET regex; throws <see cref="FormatException"/> for a malformed glob.</summary>
    internal static string ToRegex(string pattern, string separators)
    {
        var notSeparator = separators.Length == 0 ? @"[\s\S]" : "[^" + EscapeInClass(separators) + "]";
        var output = new StringBuilder(@"\A");
        var depth = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*':
                    output.Append(@"[\s\S]*");
                    while (i + 1 < pattern.Length && pattern[i + 1] == '*') i++;
                    break;
                case '*':
                    output.Append(notSeparator).Append('*');
                    break;
                case '?':
                    output.Append(notSeparator);
                    break;
                case '\\':
                    if (++i >= pattern.Length) throw new FormatException("unexpected end of input");
                    output.Append(Regex.Escape(pattern[i].ToString()));
                    break;
                case '[':
                    i = CharacterClass(pattern, i, output);
                    break;
                case '{':
                    depth++;
                    output.Append("(?:");
                    break;
                case '}' when depth > 0:
                    depth--;
                    output.Append(')');
                    break;
                case ',' when depth > 0:
                    output.Append('|');
                    break;
                default:
                    output.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        if (depth != 0) throw new FormatException("unexpected end of input");
        return output.Append(@"\z").ToString();
    }

    private static int CharacterClass(string pattern, int start, StringBuilder output)
    {
        var close = pattern.IndexOf(']', start + 1);
        if (close < 0) throw new FormatException("unexpected end of input");
        var body = pattern[(start + 1)..close];
        var negated = body.StartsWith('!');
        if (negated) body = body[1..];
        if (body.Length == 0) throw new FormatException("unexpected length of range");
        output.Append('[');
        if (negated) output.Append('^');
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == '-' && i > 0 && i + 1 < body.Length) output.Append('-');
            else output.Append(EscapeInClass(body[i].ToString()));
        }
        output.Append(']');
        return close;
    }

    private static string EscapeInClass(string text)
    {
        var builder = new StringBuilder(text.Length * 2);
        foreach (var c in text)
        {
            if (c is '\\' or ']' or '[' or '^' or '-') builder.Append('\\');
            builder.Append(c);
        }
        return builder.ToString();
    }
}
