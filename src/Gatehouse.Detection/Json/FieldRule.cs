namespace Gatehouse.Detection.Json;

/// <summary>What happens to a JSON field matched by a <see cref="FieldRule"/>.</summary>
public enum FieldRuleAction
{
    /// <summary>Scan the field's strings (and everything under it).</summary>
    Scan,
    /// <summary>Leave the field alone: not scanned, not transformed.</summary>
    Keep,
    /// <summary>Remove the field from the document before it is forwarded.</summary>
    Drop,
}

/// <summary>
/// A rule for JSON fields by path. Paths look like <c>messages[*].tool_calls[*].function.arguments</c>: <c>[*]</c>
/// matches any array index, <c>*</c> any one property name. A rule covers the field and everything beneath it; when
/// several rules match, the most specific wins: the longest pattern, then the one with fewer wildcards, then the one listed last.
/// </summary>
public sealed class FieldRule
{
    /// <summary>Creates a rule.</summary>
    public FieldRule(string path, FieldRuleAction action)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = path;
        Action = action;
    }

    /// <summary>The path pattern.</summary>
    public string Path { get; }

    /// <summary>The action.</summary>
    public FieldRuleAction Action { get; }

    /// <summary>True when <paramref name="path"/> is this rule's field or lies beneath it.</summary>
    /// <remarks>
    /// Matched by hand rather than by a regular expression: the JSON scanner asks every rule about every field of
    /// every request, and a regex match per question was most of the scan's cost on a small chat body.
    /// </remarks>
    public bool Covers(string path) => Matches(Path, 0, path, 0);

    /// <summary>
    /// Whether <paramref name="pattern"/> from <paramref name="p"/> matches <paramref name="path"/> from
    /// <paramref name="i"/>, followed by nothing or by a deeper member (<c>.</c>) or element (<c>[</c>).
    /// <c>[*]</c> matches <c>[</c>, one or more digits, <c>]</c>; <c>*</c> one or more characters other than <c>.</c>
    /// and <c>[</c>; anything else itself.
    /// </summary>
    private static bool Matches(string pattern, int p, string path, int i)
    {
        while (p < pattern.Length)
        {
            if (string.CompareOrdinal(pattern, p, "[*]", 0, 3) == 0)
            {
                if (i >= path.Length || path[i] != '[')
                    return false;
                var digits = i + 1;
                while (digits < path.Length && char.IsDigit(path[digits]))
                    digits++;
                if (digits == i + 1 || digits >= path.Length || path[digits] != ']')
                    return false;
                p += 3;
                i = digits + 1;
            }
            else if (pattern[p] == '*')
            {
                // One name: try every length, longest first (a literal may follow the wildcard in the pattern).
                var end = i;
                while (end < path.Length && path[end] is not ('.' or '['))
                    end++;
                for (var stop = end; stop > i; stop--)
                    if (Matches(pattern, p + 1, path, stop))
                        return true;
                return false;
            }
            else
            {
                if (i >= path.Length || path[i] != pattern[p])
                    return false;
                p++;
                i++;
            }
        }
        return i == path.Length || path[i] is '.' or '[';
    }

    /// <summary>
    /// The defaults for OpenAI-style bodies: chat message contents (string or parts), tool-call and function-call
    /// arguments, tool results (they are messages), embeddings and completions input, and the same in responses.
    /// Image data inside content parts is kept out of scanning.
    /// </summary>
    public static IReadOnlyList<FieldRule> ChatDefaults { get; } =
    [
        new("messages[*].content", FieldRuleAction.Scan),
        new("messages[*].tool_calls[*].function.arguments", FieldRuleAction.Scan),
        new("messages[*].function_call.arguments", FieldRuleAction.Scan),
        new("messages[*].content[*].image_url", FieldRuleAction.Keep),
        new("messages[*].content[*].input_audio", FieldRuleAction.Keep),
        new("input", FieldRuleAction.Scan),
        new("prompt", FieldRuleAction.Scan),
        new("choices[*].message.content", FieldRuleAction.Scan),
        new("choices[*].message.tool_calls[*].function.arguments", FieldRuleAction.Scan),
        new("choices[*].delta.content", FieldRuleAction.Scan),
        new("choices[*].delta.tool_calls[*].function.arguments", FieldRuleAction.Scan),
        new("choices[*].text", FieldRuleAction.Scan),
    ];
}
