using System.Text.RegularExpressions;

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
    private readonly Regex _regex;

    /// <summary>Creates a rule.</summary>
    public FieldRule(string path, FieldRuleAction action)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = path;
        Action = action;
        var pattern = Regex.Escape(path).Replace(@"\[\*]", @"\[\d+]", StringComparison.Ordinal).Replace(@"\*", @"[^.\[]+", StringComparison.Ordinal);
        _regex = new Regex("^" + pattern + @"(?:[.\[].*)?$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
    }

    /// <summary>The path pattern.</summary>
    public string Path { get; }

    /// <summary>The action.</summary>
    public FieldRuleAction Action { get; }

    /// <summary>True when <paramref name="path"/> is this rule's field or lies beneath it.</summary>
    public bool Covers(string path) => _regex.IsMatch(path);

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
