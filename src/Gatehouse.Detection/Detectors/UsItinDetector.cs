using System.Text.RegularExpressions;

namespace Gatehouse.Detection.Detectors;

/// <summary>
/// US Individual Taxpayer Identification Numbers: 9XX-GG-SSSS where the group is 50–65, 70–88, 90–92 or 94–99.
/// </summary>
public sealed partial class UsItinDetector : PatternDetector
{
    private static readonly ContextWords Words = new("itin", "taxpayer", "tax id", "tin", "irs");

    /// <inheritdoc />
    public override string Id => "us_itin";
    /// <inheritdoc />
    public override string EntityType => Detection.EntityTypes.UsItin;
    /// <inheritdoc />
    public override int MaxLength => 11;
    /// <inheritdoc />
    protected override Regex Pattern => Regex();
    /// <inheritdoc />
    protected override ContextWords Context => Words;
    /// <inheritdoc />
    public override bool MayMatch(in TextFeatures features) => features.HasDigit;

    /// <inheritdoc />
    protected override double? Score(string text, Match match)
    {
        var group = int.Parse(match.Groups["g"].ValueSpan);
        if (group is not ((>= 50 and <= 65) or (>= 70 and <= 88) or (>= 90 and <= 92) or (>= 94 and <= 99)))
            return null;
        return match.Groups["d"].Value == "-" ? 0.6 : 0.3;
    }

    [GeneratedRegex(@"(?<![\d\-.])9\d{2}(?<d>[\- ]?)(?<g>\d{2})\k<d>\d{4}(?![\d\-]|\.\d)", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Regex();
}
