using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Gatehouse.Detection.Detectors;

/// <summary>
/// International Bank Account Numbers: a known country code, that country's IBAN length, and the ISO 13616 mod-97
/// check. Accepts the compact and the printed (groups of four) forms, in either case.
/// </summary>
public sealed partial class IbanDetector : IDetector
{
    /// <summary>IBAN length per country (SWIFT IBAN registry).</summary>
    private static readonly FrozenDictionary<string, int> Lengths = new Dictionary<string, int>
    {
        ["AD"] = 24, ["AE"] = 23, ["AL"] = 28, ["AT"] = 20, ["AZ"] = 28, ["BA"] = 20, ["BE"] = 16, ["BG"] = 22, ["BH"] = 22,
        ["BI"] = 27, ["BR"] = 29, ["BY"] = 28, ["CH"] = 21, ["CR"] = 22, ["CY"] = 28, ["CZ"] = 24, ["DE"] = 22, ["DJ"] = 27,
        ["DK"] = 18, ["DO"] = 28, ["EE"] = 20, ["EG"] = 29, ["ES"] = 24, ["FI"] = 18, ["FK"] = 18, ["FO"] = 18, ["FR"] = 27,
        ["GB"] = 22, ["GE"] = 22, ["GI"] = 23, ["GL"] = 18, ["GR"] = 27, ["GT"] = 28, ["HN"] = 28, ["HR"] = 21, ["HU"] = 28,
        ["IE"] = 22, ["IL"] = 23, ["IQ"] = 23, ["IS"] = 26, ["IT"] = 27, ["JO"] = 30, ["KW"] = 30, ["KZ"] = 20, ["LB"] = 28,
        ["LC"] = 32, ["LI"] = 21, ["LT"] = 20, ["LU"] = 20, ["LV"] = 21, ["LY"] = 25, ["MC"] = 27, ["MD"] = 24, ["ME"] = 22,
        ["MK"] = 19, ["MN"] = 20, ["MR"] = 27, ["MT"] = 31, ["MU"] = 30, ["NI"] = 28, ["NL"] = 18, ["NO"] = 15, ["OM"] = 23,
        ["PK"] = 24, ["PL"] = 28, ["PS"] = 29, ["PT"] = 25, ["QA"] = 29, ["RO"] = 24, ["RS"] = 22, ["RU"] = 33, ["SA"] = 24,
        ["SC"] = 31, ["SD"] = 18, ["SE"] = 24, ["SI"] = 19, ["SK"] = 24, ["SM"] = 27, ["SO"] = 23, ["ST"] = 25, ["SV"] = 28,
        ["TL"] = 23, ["TN"] = 24, ["TR"] = 26, ["UA"] = 29, ["VA"] = 22, ["VG"] = 24, ["XK"] = 20, ["YE"] = 30,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly ContextWords Words = new("iban", "account", "bank", "transfer", "wire", "sepa", "bic", "swift");

    /// <inheritdoc />
    public string Id => "iban";
    /// <inheritdoc />
    public IReadOnlyCollection<string> EntityTypes => [Detection.EntityTypes.Iban];
    /// <inheritdoc />
    public int MaxLength => 42;
    /// <inheritdoc />
    public bool MayMatch(in TextFeatures features) => features.HasDigit;

    /// <inheritdoc />
    public void Detect(string text, List<Finding> sink)
    {
        foreach (var match in Candidates(text))
        {
            if (!Lengths.TryGetValue(match.Value[..2], out var length))
                continue;
            // The candidate may run on into the next word; cut it where the country's length is reached.
            var end = match.Index;
            var count = 0;
            while (end < match.Index + match.Length && count < length)
            {
                if (char.IsAsciiLetterOrDigit(text[end]))
                    count++;
                end++;
            }
            if (count != length || (end < text.Length && char.IsAsciiLetterOrDigit(text[end])))
                continue;
            var value = text.AsSpan(match.Index, end - match.Index);
            if (!Checksums.Mod97(value))
                continue;
            var score = Words.Near(text, match.Index, end) ? 1.0 : 0.9;
            sink.Add(new Finding(Detection.EntityTypes.Iban, match.Index, end, score, Id));
        }
    }

    /// <summary>Every candidate has digits at offsets 2 and 3 and is at most 64 characters long.</summary>
    // Every candidate's first check digit (offset 2) follows the two letters of its country code: only such digits
    // open a window, not every digit of the text (card numbers, phone numbers and dates have none).
    private static readonly AnchoredPattern Anchored = new(Candidate(), AnchoredPattern.Digits, 4, 70,
        (text, i) => i >= 2 && char.IsAsciiLetter(text[i - 1]) && char.IsAsciiLetter(text[i - 2]));

    /// <summary>
    /// A candidate starts two letters before a run of at least two digits, so with the text's digit runs at hand
    /// (<see cref="DigitGroups"/>) the pattern is tried once there instead of in a window around the run.
    /// </summary>
    private static IEnumerable<Match> Candidates(string text) => DigitGroups.Of(text) is { } runs
        ? AnchoredStarts.Matches(AtStart(), text, runs.StartsOfRuns(static length => length >= 2)
            .Where(i => i >= 2 && char.IsAsciiLetter(text[i - 1]) && char.IsAsciiLetter(text[i - 2]))
            .Select(i => i - 2))
        : Anchored.Matches(text);

    private const string Shape = @"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ \-]?[A-Za-z0-9]){11,30}";

    [GeneratedRegex(Shape, RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Candidate();

    /// <summary><see cref="Candidate"/> anchored at the position the match is tried from.</summary>
    [GeneratedRegex(@"\G" + Shape, RegexOptions.CultureInvariant, 1000)]
    private static partial Regex AtStart();
}
