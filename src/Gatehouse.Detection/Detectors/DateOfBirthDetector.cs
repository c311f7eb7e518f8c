using System.Globalization;
using System.Text.RegularExpressions;

namespace Gatehouse.Detection.Detectors;

/// <summary>
/// Dates of birth: a real calendar date between 1900 and today (numeric, ISO or with a month name) that is only
/// reported with birth context nearby ("born", "DOB", "date of birth", "birthday").
/// </summary>
public sealed partial class DateOfBirthDetector : PatternDetector
{
    private static readonly ContextWords Words = new("born", "birth", "dob", "d.o.b", "birthday", "birthdate", "date of birth", "age", "b.");
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <inheritdoc />
    public override string Id => "date_of_birth";
    /// <inheritdoc />
    public override string EntityType => Detection.EntityTypes.DateOfBirth;
    /// <inheritdoc />
    public override int MaxLength => 20;
    /// <inheritdoc />
    protected override Regex Pattern => Regex();
    private static readonly AnchoredPattern AnchoredRegex = new(Regex(), AnchoredPattern.Digits, 30, 30);
    /// <inheritdoc />
    private protected override AnchoredPattern Anchored => AnchoredRegex;
    /// <inheritdoc />
    protected override ContextWords Context => Words;
    /// <inheritdoc />
    protected override double ContextBoost => 0.6;
    /// <inheritdoc />
    protected override bool RequiresContext => true;
    /// <inheritdoc />
    public override bool MayMatch(in TextFeatures features) => features.HasDigit;

    /// <inheritdoc />
    protected override double? Score(string text, Match match)
    {
        int year, month, day;
        var g = match.Groups;
        if (g["y1"].Success)
            (year, month, day) = (int.Parse(g["y1"].ValueSpan), int.Parse(g["m1"].ValueSpan), int.Parse(g["d1"].ValueSpan));
        else if (g["y2"].Success)
        {
            var a = int.Parse(g["a2"].ValueSpan);
            var b = int.Parse(g["b2"].ValueSpan);
            year = int.Parse(g["y2"].ValueSpan);
            if (year < 100)
                year += year > DateTime.UtcNow.Year % 100 ? 1900 : 2000;
            (month, day) = a <= 12 ? (a, b) : (b, a); // US month-first unless impossible
        }
        else
        {
            year = int.Parse(g["y3"].ValueSpan);
            day = int.Parse(g["d3"].Success ? g["d3"].ValueSpan : g["d4"].ValueSpan);
            month = Array.IndexOf(Months, g["mon"].Value[..3].ToLowerInvariant()) + 1;
        }
        if (year < 1900 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
            return null;
        return new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc) <= DateTime.UtcNow ? 0.2 : null;
    }

    [GeneratedRegex(@"(?<![\d\-/.])(?:(?<y1>\d{4})-(?<m1>\d{1,2})-(?<d1>\d{1,2})|(?<a2>\d{1,2})[/.\-](?<b2>\d{1,2})[/.\-](?<y2>\d{4}|\d{2})|(?:(?<d3>\d{1,2})\s)?(?<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?(?:\s(?<d4>\d{1,2})(?:st|nd|rd|th)?)?,?\s(?<y3>\d{4}))(?![\d\-/]|\.\d)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, 1000)]
    private static partial Regex Regex();
}
