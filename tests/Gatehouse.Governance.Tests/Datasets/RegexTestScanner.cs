using System.Text.RegularExpressions;
using Gatehouse.Detection;

namespace Gatehouse.Testing;

/// <summary>
/// A small, honest regex scanner for tests until the detection library's detectors are wired in: e-mail addresses,
/// AWS access key ids, and card numbers that pass the Luhn check. Not a detector to ship.
/// </summary>
public sealed partial class RegexTestScanner : ITextScanner
{
    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")]
    private static partial Regex Email();

    [GeneratedRegex(@"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")]
    private static partial Regex AwsKey();

    [GeneratedRegex(@"\b(?:\d[ -]?){12,18}\d\b")]
    private static partial Regex CardCandidate();

    /// <inheritdoc />
    public IReadOnlyList<Finding> Scan(string text)
    {
        List<Finding>? findings = null;
        if (text.Contains('@'))
            foreach (Match m in Email().Matches(text))
                (findings ??= []).Add(new Finding("EMAIL", m.Index, m.Index + m.Length, 0.9, "test-email"));
        if (text.Contains("AKIA", StringComparison.Ordinal) || text.Contains("ASIA", StringComparison.Ordinal))
            foreach (Match m in AwsKey().Matches(text))
                (findings ??= []).Add(new Finding("AWS_ACCESS_KEY", m.Index, m.Index + m.Length, 0.95, "test-aws"));
        foreach (Match m in CardCandidate().Matches(text))
        {
            if (PassesLuhn(m.Value))
                (findings ??= []).Add(new Finding("CREDIT_CARD", m.Index, m.Index + m.Length, 0.9, "test-card"));
        }
        if (findings is null)
            return [];
        findings.Sort((a, b) => a.Start.CompareTo(b.Start));
        return findings;
    }

    private static bool PassesLuhn(string candidate)
    {
        var sum = 0;
        var doubleIt = false;
        for (var i = candidate.Length - 1; i >= 0; i--)
        {
            if (!char.IsAsciiDigit(candidate[i]))
                continue;
            var d = candidate[i] - '0';
            if (doubleIt && (d *= 2) > 9)
                d -= 9;
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }
}
