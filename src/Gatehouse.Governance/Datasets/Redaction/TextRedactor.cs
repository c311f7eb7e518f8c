using Gatehouse.Detection;
using Gatehouse.Detection.Operators;

namespace Gatehouse.Governance.Datasets.Redaction;

/// <summary>
/// Applies a scanner and the detection library's <see cref="Anonymizer"/> to one string: the same operators
/// (replace with <c>&lt;TYPE&gt;</c>, mask, redact, keyed hash...) as the gateway, so a redacted dataset and a redacted
/// request look alike.
/// </summary>
public sealed class TextRedactor(ITextScanner scanner, Anonymizer anonymizer)
{
    /// <summary>Number of values replaced so far (all threads).</summary>
    public long Replacements => Interlocked.Read(ref _replacements);

    private long _replacements;

    /// <summary>A redactor that replaces every value with its entity type, for example <c>&lt;EMAIL&gt;</c>.</summary>
    public static TextRedactor ReplacingWithType(ITextScanner scanner) => new(scanner, new Anonymizer(new AnonymizerOptions()));

    /// <summary>Returns <paramref name="text"/> with every finding transformed; the same instance when nothing was found.</summary>
    public string Redact(string text)
    {
        var findings = scanner.Scan(text);
        if (findings.Count == 0)
            return text;
        var result = anonymizer.Apply(text, findings);
        Interlocked.Add(ref _replacements, result.Applied.Count);
        return result.Text;
    }
}
