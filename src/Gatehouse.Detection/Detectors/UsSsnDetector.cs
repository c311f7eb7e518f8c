using System.Text.RegularExpressions;

namespace Gatehouse.Detection.Detectors;

/// <summary>
/// US Social Security numbers (AAA-GG-SSSS). Rejects what the SSA never issues: area 000, 666 and 900–999, group 00,
/// serial 0000, and the well-known advertising numbers. Undelimited nine digits need a context word.
/// </summary>
public sealed partial class UsSsnDetector : PatternDetector
{
    private static readonly ContextWords Words = new("ssn", "social security", "social", "security number", "ss#", "ssa");

    /// <inheritdoc />
    public override string Id => "us_ssn";
    /// <inheritdoc />
    public override string EntityType => Detection.EntityTypes.UsSsn;
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
        var area = int.Parse(match.Groups["a"].ValueSpan);
        var group = int.Parse(match.Groups["g"].ValueSpan);
        var serial = int.Parse(match.Groups["s"].ValueSpan);
        if (area is 0 or 666 or >= 900 || group == 0 || serial == 0)
            return null;
        if (match.Value is "078-05-1120" or "219-09-9999" or "123-45-6789")
            return null;
        var delimiter = match.Groups["d"].Value;
        return delimiter switch
        {
            "-" => 0.7,
            "" => 0.2,
            _ => 0.5,
        };
    }

    /// <summary>
    /// A match starts a run of three digits (delimited) or nine (undelimited); tried only there, see <see cref="DigitGroups"/>.
    /// </summary>
    private protected override IEnumerable<Match> Candidates(string text) => DigitGroups.Of(text) is { } runs
        ? AnchoredStarts.Matches(AtStart(), text, runs.StartsOfRuns(static length => length is 3 or 9))
        : Regex().Matches(text);

    private const string Shape = @"(?<![\d\-.])(?<a>\d{3})(?<d>[\- .]?)(?<g>\d{2})\k<d>(?<s>\d{4})(?![\d\-]|\.\d)";

    [GeneratedRegex(Shape, RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Regex();

    /// <summary><see cref="Regex"/> anchored at the position the match is tried from.</summary>
    [GeneratedRegex(@"\G" + Shape, RegexOptions.CultureInvariant, 1000)]
    private static partial Regex AtStart();
}
