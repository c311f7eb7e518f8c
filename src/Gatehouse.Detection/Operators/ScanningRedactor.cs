using Microsoft.Extensions.Compliance.Redaction;

namespace Gatehouse.Detection.Operators;

/// <summary>
/// A <see cref="Redactor"/> for Microsoft.Extensions.Compliance.Redaction that scans the value and transforms only what
/// it detects (so free-text log fields keep their meaning while e-mails, cards and keys are masked). Register it with
/// the redaction builder for the data classifications that hold free text.
/// </summary>
/// <remarks>
/// The redaction API asks for the output length before the output, so only deterministic operators are allowed
/// (keep, redact, replace, mask, hash; block acts as replace). A detection failure redacts the whole value: fail closed.
/// </remarks>
public sealed class ScanningRedactor : Redactor
{
    private const string Withheld = "<REDACTED>";
    private readonly ITextScanner _scanner;
    private readonly Anonymizer _anonymizer;

    /// <summary>Creates the redactor.</summary>
    /// <exception cref="ArgumentException">An action is pseudonymize or encrypt, which are not deterministic.</exception>
    public ScanningRedactor(ITextScanner scanner, Anonymizer anonymizer)
    {
        var options = anonymizer.Options;
        if (options.Actions.Values.Append(options.DefaultAction).Any(a => a.Kind is OperatorKind.Pseudonymize or OperatorKind.Encrypt))
            throw new ArgumentException("log redaction needs deterministic operators: pseudonymize and encrypt are not allowed", nameof(anonymizer));
        _scanner = scanner;
        _anonymizer = anonymizer;
    }

    /// <summary>The redacted form of <paramref name="value"/>.</summary>
    public string RedactText(string value)
    {
        try
        {
            return _anonymizer.Apply(value, _scanner.Scan(value)).Text;
        }
        catch (DetectionException)
        {
            return Withheld;
        }
    }

    /// <inheritdoc />
    public override int GetRedactedLength(ReadOnlySpan<char> input) => RedactText(input.ToString()).Length;

    /// <inheritdoc />
    public override int Redact(ReadOnlySpan<char> source, Span<char> destination)
    {
        var redacted = RedactText(source.ToString());
        if (redacted.Length > destination.Length)
            throw new ArgumentException("destination too small", nameof(destination));
        redacted.AsSpan().CopyTo(destination);
        return redacted.Length;
    }
}
