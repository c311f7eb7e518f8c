using System.Text.RegularExpressions;

namespace Gatehouse.Detection.Detectors;

/// <summary>
/// Payment card numbers: 12 to 19 digits (optionally grouped by spaces, dashes or dots), a valid Luhn check digit
/// and a known issuer range with a length that issuer uses.
/// </summary>
public sealed partial class CreditCardDetector : PatternDetector
{
    private static readonly ContextWords Words = new("card", "credit", "debit", "visa", "mastercard", "amex", "american express",
        "discover", "cc", "payment", "pan", "cvv", "expiry", "jcb", "diners", "maestro");

    /// <inheritdoc />
    public override string Id => "credit_card";
    /// <inheritdoc />
    public override string EntityType => Detection.EntityTypes.CreditCard;
    /// <inheritdoc />
    public override int MaxLength => 25;
    /// <inheritdoc />
    protected override Regex Pattern => Regex();
    /// <inheritdoc />
    protected override ContextWords Context => Words;
    /// <inheritdoc />
    protected override double ContextBoost => 0.15;
    /// <inheritdoc />
    public override bool MayMatch(in TextFeatures features) => features.HasDigit;

    /// <inheritdoc />
    protected override double? Score(string text, Match match)
    {
        if (Checksums.CountDigits(match.Value) is < 12 or > 19)
            return null;
        Span<char> digits = stackalloc char[19];
        var n = 0;
        foreach (var c in match.Value)
            if (char.IsAsciiDigit(c))
                digits[n++] = c;
        var number = digits[..n];
        if (!Checksums.Luhn(number) || !IssuerAccepts(number))
            return null;
        return 0.85;
    }

    /// <summary>True when the number's prefix and length belong to a card issuer's published range.</summary>
    public static bool IssuerAccepts(ReadOnlySpan<char> digits)
    {
        var length = digits.Length;
        var p2 = int.Parse(digits[..2]);
        var p3 = int.Parse(digits[..3]);
        var p4 = int.Parse(digits[..4]);
        var p6 = int.Parse(digits[..6]);
        return digits[0] switch
        {
            '4' => length is 13 or 16 or 19,                                         // Visa
            '5' when p2 is >= 51 and <= 55 => length == 16,                          // Mastercard
            '2' when p4 is >= 2221 and <= 2720 => length == 16,                      // Mastercard 2-series
            '3' when p2 is 34 or 37 => length == 15,                                 // American Express
            '3' when p4 is >= 3528 and <= 3589 => length is >= 16 and <= 19,         // JCB
            '3' when p3 is >= 300 and <= 305 || p2 is 36 or 38 or 39 => length is >= 14 and <= 19, // Diners Club
            '6' when p4 == 6011 || p3 is >= 644 and <= 649 || p2 == 65 || p6 is >= 622126 and <= 622925
                => length is >= 16 and <= 19,                                        // Discover
            '6' when p2 == 62 || p2 == 81 => length is >= 16 and <= 19,              // UnionPay
            '5' or '6' when p2 is 50 or (>= 56 and <= 69) => length is >= 12 and <= 19, // Maestro
            _ => false,
        };
    }

    /// <summary>
    /// A match starts a run of at least four digits; tried only there, see <see cref="DigitGroups"/>.
    /// </summary>
    private protected override IEnumerable<Match> Candidates(string text) => DigitGroups.Of(text) is { } runs
        ? AnchoredStarts.Matches(AtStart(), text, runs.StartsOfRuns(static length => length >= 4))
        : Regex().Matches(text);

    private const string Shape = @"(?<![\d\-.])\d{4}(?:[ \-.]?\d{2,6}){2,4}(?:[ \-.]?\d{1,4})?(?![\d\-]|\.\d)";

    [GeneratedRegex(Shape, RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Regex();

    /// <summary><see cref="Regex"/> anchored at the position the match is tried from.</summary>
    [GeneratedRegex(@"\G" + Shape, RegexOptions.CultureInvariant, 1000)]
    private static partial Regex AtStart();
}
