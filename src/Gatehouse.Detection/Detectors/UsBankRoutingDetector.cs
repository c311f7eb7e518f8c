using System.Text.RegularExpressions;

namespace Gatehouse.Detection.Detectors;

/// <summary>
/// ABA routing transit numbers: nine digits, a Federal Reserve prefix (00–12, 21–32, 61–72, 80) and the ABA
/// weighted checksum. Nine digits are common, so a context word ("routing", "ABA") is needed to pass the default score.
/// </summary>
public sealed partial class UsBankRoutingDetector : PatternDetector
{
    private static readonly ContextWords Words = new("routing", "aba", "rtn", "transit", "bank", "ach", "wire");

    /// <inheritdoc />
    public override string Id => "us_bank_routing";
    /// <inheritdoc />
    public override string EntityType => Detection.EntityTypes.UsBankRouting;
    /// <inheritdoc />
    public override int MaxLength => 9;
    /// <inheritdoc />
    protected override Regex Pattern => Regex();
    /// <inheritdoc />
    protected override ContextWords Context => Words;
    /// <inheritdoc />
    protected override double ContextBoost => 0.5;
    /// <inheritdoc />
    public override bool MayMatch(in TextFeatures features) => features.HasDigit;

    /// <inheritdoc />
    protected override double? Score(string text, Match match)
    {
        var prefix = int.Parse(match.ValueSpan[..2]);
        if (prefix is not ((>= 0 and <= 12) or (>= 21 and <= 32) or (>= 61 and <= 72) or 80))
            return null;
        return Checksums.Aba(match.ValueSpan) ? 0.3 : null;
    }

    /// <summary>
    /// A match is a run of exactly nine digits (tried only there, see <see cref="DigitGroups"/>).
    /// </summary>
    private protected override IEnumerable<Match> Candidates(string text) => DigitGroups.Of(text) is { } runs
        ? AnchoredStarts.Matches(AtStart(), text, runs.StartsOfRuns(static length => length == 9))
        : Regex().Matches(text);

    private const string Shape = @"(?<![\d\-.])\d{9}(?![\d\-]|\.\d)";

    [GeneratedRegex(Shape, RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Regex();

    /// <summary><see cref="Regex"/> anchored at the position the match is tried from.</summary>
    [GeneratedRegex(@"\G" + Shape, RegexOptions.CultureInvariant, 1000)]
    private static partial Regex AtStart();
}
