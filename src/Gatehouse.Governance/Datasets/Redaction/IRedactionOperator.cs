using Gatehouse.Detection;

namespace Gatehouse.Governance.Datasets.Redaction;

/// <summary>
/// Decides what replaces a found value in a redacted copy. <see cref="TypeTagOperator"/> is the default; the
/// detection library's operators (mask, hash, encrypt...) plug in here.
/// </summary>
public interface IRedactionOperator
{
    /// <summary>The replacement for <paramref name="value"/>, found as <paramref name="finding"/>.</summary>
    string Replace(string value, Finding finding);
}

/// <summary>Replaces a value with its entity type in angle brackets, for example <c>&lt;EMAIL&gt;</c>.</summary>
public sealed class TypeTagOperator : IRedactionOperator
{
    /// <inheritdoc />
    public string Replace(string value, Finding finding) => $"<{finding.EntityType}>";
}

/// <summary>Applies a scanner and an operator to one string.</summary>
public sealed class TextRedactor(ITextScanner scanner, IRedactionOperator redactionOperator)
{
    /// <summary>Number of values replaced so far (all threads).</summary>
    public long Replacements => Interlocked.Read(ref _replacements);

    private long _replacements;

    /// <summary>Returns <paramref name="text"/> with every finding replaced; the same instance when nothing was found.</summary>
    public string Redact(string text)
    {
        var findings = scanner.Scan(text);
        if (findings.Count == 0)
            return text;
        var result = new System.Text.StringBuilder(text.Length);
        var position = 0;
        foreach (var finding in findings)
        {
            if (finding.Start < position)
                continue;
            result.Append(text, position, finding.Start - position);
            result.Append(redactionOperator.Replace(text.Substring(finding.Start, finding.Length), finding));
            position = finding.End;
        }
        result.Append(text, position, text.Length - position);
        Interlocked.Add(ref _replacements, findings.Count);
        return result.ToString();
    }
}
