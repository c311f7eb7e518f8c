using System.Globalization;
using System.Text;

namespace Gatehouse.Policy.Builtins;

/// <summary>
/// Rewrites a Go RE2 pattern into an equivalent .NET pattern, and rejects what RE2 rejects (backreferences,
/// lookaround, atomic groups) so <c>regex.is_valid</c> agrees with OPA. RE2's <c>\d \w \s</c> are ASCII-only and its
/// <c>$</c> (without the m flag) matches only at the very end, so those are spelled out; POSIX classes, <c>\pL</c>,
/// <c>\x{...}</c>, <c>\Q...\E</c> and <c>(?P&lt;name&gt;...)</c> become their .NET forms.
/// </summary>
internal static class Re2Translator
{
    private const string Digit = "0-9";
    private const string Word = "0-9A-Za-z_";
    private const string Space = @"\t\n\f\r ";

    private static readonly Dictionary<string, string> PosixClasses = new(StringComparer.Ordinal)
    {
        ["alnum"] = "0-9A-Za-z", ["alpha"] = "A-Za-z", ["ascii"] = @"\x00-\x7F", ["blank"] = @"\t ",
        ["cntrl"] = @"\x00-\x1F\x7F", ["digit"] = Digit, ["graph"] = @"!-~", ["lower"] = "a-z",
        ["print"] = @" -~", ["punct"] = @"!-/:-@\[-`{-~", ["space"] = @"\t\n\v\f\r ", ["upper"] = "A-Z",
        ["word"] = Word, ["xdigit"] = "0-9A-Fa-f",
    };

    /// <summary>Translates <paramref name="pattern"/>; throws <see cref="FormatException"/> with RE2's wording when it is invalid.</summary>
    public static string Translate(string pattern)
    {
        var output = new StringBuilder(pattern.Length + 16);
        var multiline = pattern.Contains("(?", StringComparison.Ordinal) && HasMultilineFlag(pattern);
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            switch (c)
            {
                case '\\':
                    i = Escape(pattern, i, output, inClass: false);
                    continue;
                case '[':
                    i = CharacterClass(pattern, i, output);
                    continue;
                case '(':
                    i = Group(pattern, i, output);
                    continue;
                case '$':
                    output.Append(multiline ? "(?=\\n|\\z)" : "\\z");
                    break;
                case '{':
                    i = Repeat(pattern, i, output);
                    continue;
                default:
                    output.Append(c);
                    break;
            }
            i++;
        }
        return output.ToString();
    }

    private static bool HasMultilineFlag(string pattern)
    {
        for (var at = pattern.IndexOf("(?", StringComparison.Ordinal); at >= 0; at = pattern.IndexOf("(?", at + 2, StringComparison.Ordinal))
        {
            var end = at + 2;
            while (end < pattern.Length && char.IsAsciiLetter(pattern[end])) end++;
            if (pattern.AsSpan(at + 2, end - at - 2).Contains('m')) return true;
        }
        return false;
    }

    private static int Repeat(string pattern, int start, StringBuilder output)
    {
        // RE2 caps counted repetition at 1000; a brace that is not a valid count is a literal.
        var close = pattern.IndexOf('}', start);
        if (close > start)
        {
            var body = pattern[(start + 1)..close];
            var parts = body.Split(',');
            if (parts.Length <= 2 && parts[0].Length > 0 && parts.All(p => p.All(char.IsAsciiDigit)))
            {
                foreach (var part in parts)
                    if (part.Length > 0 && (part.Length > 4 || int.Parse(part, CultureInfo.InvariantCulture) > 1000))
                        throw new FormatException($"invalid repeat count: `{pattern[start..(close + 1)]}`");
                output.Append(pattern, start, close - start + 1);
                return close + 1;
            }
        }
        output.Append("\\{");
        return start + 1;
    }

    private static int Group(string pattern, int start, StringBuilder output)
    {
        if (start + 1 >= pattern.Length || pattern[start + 1] != '?')
        {
            output.Append('(');
            return start + 1;
        }
        var rest = pattern.AsSpan(start + 2);
        if (rest.StartsWith("P<"))
        {
            output.Append("(?<");
            return start + 4;
        }
        if (rest.StartsWith("<") && !rest.StartsWith("<=") && !rest.StartsWith("<!"))
        {
            output.Append("(?<");
            return start + 3;
        }
        // Flags: (?i) (?-s) (?im:...) — only i, m, s (and U, which .NET lacks) exist in RE2.
        var i = start + 2;
        while (i < pattern.Length && (pattern[i] is 'i' or 'm' or 's' or 'U' or '-')) i++;
        if (i < pattern.Length && (pattern[i] == ')' || pattern[i] == ':') && i > start + 2 && !pattern[(start + 2)..i].Contains('U'))
        {
            output.Append(pattern, start, i - start + 1);
            return i + 1;
        }
        if (i == start + 2 && i < pattern.Length && pattern[i] == ':')
        {
            output.Append("(?:");
            return i + 1;
        }
        var end = Math.Min(pattern.Length, start + 4);
        throw new FormatException($"invalid or unsupported Perl syntax: `{pattern[start..end]}`");
    }

    private static int CharacterClass(string pattern, int start, StringBuilder output)
    {
        output.Append('[');
        var i = start + 1;
        if (i < pattern.Length && pattern[i] == '^')
        {
            output.Append('^');
            i++;
        }
        var first = true;
        while (true)
        {
            if (i >= pattern.Length) throw new FormatException($"missing closing ]: `{pattern[start..]}`");
            var c = pattern[i];
            if (c == ']' && !first)
            {
                output.Append(']');
                return i + 1;
            }
            first = false;
            if (c == '[' && i + 1 < pattern.Length && pattern[i + 1] == ':')
            {
                var close = pattern.IndexOf(":]", i + 2, StringComparison.Ordinal);
                if (close > 0)
                {
                    var name = pattern[(i + 2)..close];
                    var negated = name.StartsWith('^');
                    if (negated) name = name[1..];
                    if (!PosixClasses.TryGetValue(name, out var ranges))
                        throw new FormatException($"invalid character class range: `{pattern[i..(close + 2)]}`");
                    if (negated) throw new FormatException($"unsupported negated POSIX class: `{pattern[i..(close + 2)]}`");
                    output.Append(ranges);
                    i = close + 2;
                    continue;
                }
            }
            switch (c)
            {
                case '\\':
                    i = Escape(pattern, i, output, inClass: true);
                    continue;
                case '[':
                    output.Append("\\[");
                    break;
                case ']':
                    output.Append("\\]");
                    break;
                default:
                    output.Append(c);
                    break;
            }
            i++;
        }
    }

    private static int Escape(string pattern, int start, StringBuilder output, bool inClass)
    {
        if (start + 1 >= pattern.Length) throw new FormatException("trailing backslash at end of expression: ``");
        var c = pattern[start + 1];
        switch (c)
        {
            case 'd': output.Append(inClass ? Digit : "[" + Digit + "]"); return start + 2;
            case 'w': output.Append(inClass ? Word : "[" + Word + "]"); return start + 2;
            case 's': output.Append(inClass ? Space : "[" + Space + "]"); return start + 2;
            case 'D': output.Append(inClass ? @"\D" : "[^" + Digit + "]"); return start + 2;
            case 'W': output.Append(inClass ? @"\W" : "[^" + Word + "]"); return start + 2;
            case 'S': output.Append(inClass ? @"\S" : "[^" + Space + "]"); return start + 2;
            case 'p' or 'P':
                return UnicodeClass(pattern, start, output, c, inClass);
            case 'Q' when !inClass:
                var end = pattern.IndexOf("\\E", start + 2, StringComparison.Ordinal);
                var literal = end < 0 ? pattern[(start + 2)..] : pattern[(start + 2)..end];
                output.Append(System.Text.RegularExpressions.Regex.Escape(literal));
                return end < 0 ? pattern.Length : end + 2;
            case 'x':
                return Hex(pattern, start, output);
            case 'A' or 'z' or 'b' or 'B' when !inClass:
                output.Append('\\').Append(c);
                return start + 2;
            case 'a' or 'f' or 't' or 'n' or 'r' or 'v':
                output.Append('\\').Append(c);
                return start + 2;
            case >= '0' and <= '7':
                return Octal(pattern, start, output);
        }
        if (char.IsAsciiLetterOrDigit(c) || c == '_')
            throw new FormatException($"invalid escape sequence: `\\{c}`");
        output.Append('\\').Append(c);
        return start + 2;
    }

    private static int Octal(string pattern, int start, StringBuilder output)
    {
        // RE2 reads \0 and \1-\7 followed by another octal digit as octal; a lone \1-\7 is a backreference, which it rejects.
        var i = start + 1;
        var digits = 0;
        while (i < pattern.Length && digits < 3 && pattern[i] is >= '0' and <= '7') { i++; digits++; }
        if (pattern[start + 1] != '0' && digits == 1) throw new FormatException($"invalid escape sequence: `\\{pattern[start + 1]}`");
        var value = Convert.ToInt32(pattern[(start + 1)..i], 8);
        output.Append("\\u").Append(value.ToString("X4", CultureInfo.InvariantCulture));
        return i;
    }

    private static int Hex(string pattern, int start, StringBuilder output)
    {
        var i = start + 2;
        string digits;
        if (i < pattern.Length && pattern[i] == '{')
        {
            var close = pattern.IndexOf('}', i);
            if (close < 0) throw new FormatException($"invalid escape sequence: `{pattern[start..]}`");
            digits = pattern[(i + 1)..close];
            i = close + 1;
        }
        else
        {
            if (i + 2 > pattern.Length) throw new FormatException($"invalid escape sequence: `{pattern[start..]}`");
            digits = pattern.Substring(i, 2);
            i += 2;
        }
        if (digits.Length == 0 || !int.TryParse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code) || code > 0x10FFFF)
            throw new FormatException($"invalid escape sequence: `{pattern[start..i]}`");
        foreach (var unit in char.ConvertFromUtf32(code)) output.Append("\\u").Append(((int)unit).ToString("X4", CultureInfo.InvariantCulture));
        return i;
    }

    private static int UnicodeClass(string pattern, int start, StringBuilder output, char letter, bool inClass)
    {
        var i = start + 2;
        if (i >= pattern.Length) throw new FormatException($"invalid character class range: `{pattern[start..]}`");
        string name;
        if (pattern[i] == '{')
        {
            var close = pattern.IndexOf('}', i);
            if (close < 0) throw new FormatException($"invalid character class range: `{pattern[start..]}`");
            name = pattern[(i + 1)..close];
            i = close + 1;
        }
        else
        {
            name = pattern[i].ToString();
            i++;
        }
        if (name.StartsWith('^'))
        {
            name = name[1..];
            letter = letter == 'p' ? 'P' : 'p';
        }
        if (name == "Any")
        {
            if (letter == 'P') throw new FormatException($"invalid character class range: `{pattern[start..i]}`");
            output.Append(inClass ? @"\s\S" : @"[\s\S]");
            return i;
        }
        output.Append('\\').Append(letter).Append('{').Append(name).Append('}');
        return i;
    }
}
