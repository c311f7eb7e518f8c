using System.Text.RegularExpressions;

namespace Gatehouse.Detection.Detectors;

/// <summary>
/// Identifiers whose shape alone says little (a passport number is just nine digits): the base score is low and only
/// a context word nearby lifts it over the reporting threshold.
/// </summary>
public abstract class ContextOnlyDetector : PatternDetector
{
    /// <inheritdoc />
    protected override double ContextBoost => 0.55;
    /// <inheritdoc />
    protected override bool RequiresContext => true;
    /// <inheritdoc />
    public override bool MayMatch(in TextFeatures features) => features.HasDigit;
    /// <inheritdoc />
    protected override double? Score(string text, Match match) => Checksums.CountDigits(match.ValueSpan) >= 5 ? 0.2 : null;
}

/// <summary>US passport numbers: nine digits, or a letter and eight digits (Next Generation passports), near "passport".</summary>
public sealed partial class UsPassportDetector : ContextOnlyDetector
{
    private static readonly ContextWords Words = new("passport", "travel document", "passport no", "passport number");

    /// <inheritdoc />
    public override string Id => "us_passport";
    /// <inheritdoc />
    public override string EntityType => Detection.EntityTypes.UsPassport;
    /// <inheritdoc />
    public override int MaxLength => 9;
    /// <inheritdoc />
    protected override Regex Pattern => Regex();
    private static readonly AnchoredPattern AnchoredRegex = new(Regex(), AnchoredPattern.Digits, 14, 14);
    /// <inheritdoc />
    private protected override AnchoredPattern Anchored => AnchoredRegex;
    /// <inheritdoc />
    protected override ContextWords Context => Words;

    [GeneratedRegex(@"(?<![\w\-])(?:[A-Z]\d{8}|\d{9})(?![\w\-])", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Regex();
}

/// <summary>
/// US driver's licence numbers. Formats differ per state (one or two letters and 4–14 digits, or digits only), so a
/// context word ("driver", "license", "DL") is required.
/// </summary>
public sealed partial class UsDriverLicenseDetector : ContextOnlyDetector
{
    private static readonly ContextWords Words = new("driver", "driver's", "drivers", "license", "licence", "dl", "dln", "driving");

    /// <inheritdoc />
    public override string Id => "us_driver_license";
    /// <inheritdoc />
    public override string EntityType => Detection.EntityTypes.UsDriverLicense;
    /// <inheritdoc />
    public override int MaxLength => 16;
    /// <inheritdoc />
    protected override Regex Pattern => Regex();
    private static readonly AnchoredPattern AnchoredRegex = new(Regex(), AnchoredPattern.Digits, 22, 22);
    /// <inheritdoc />
    private protected override AnchoredPattern Anchored => AnchoredRegex;
    /// <inheritdoc />
    protected override ContextWords Context => Words;

    [GeneratedRegex(@"(?<![\w\-])(?:[A-Za-z]{1,2}\d{4,14}[A-Za-z]?|\d{6,14}[A-Za-z]?)(?![\w\-])", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Regex();
}

/// <summary>Medical record numbers, recognised only after a label such as "MRN" or "medical record number".</summary>
public sealed partial class MedicalRecordNumberDetector : PatternDetector
{
    /// <inheritdoc />
    public override string Id => "medical_record_number";
    /// <inheritdoc />
    public override string EntityType => Detection.EntityTypes.MedicalRecordNumber;
    /// <inheritdoc />
    public override int MaxLength => 16;
    /// <inheritdoc />
    protected override Regex Pattern => Regex();
    /// <inheritdoc />
    public override bool MayMatch(in TextFeatures features) => features.HasDigit;
    /// <inheritdoc />
    protected override double? Score(string text, Match match) => 0.8;

    [GeneratedRegex(@"\b(?:MRN|med(?:ical)?\s?rec(?:ord)?(?:\s(?:number|no\.?|#))?|patient\s(?:id|number|no\.?))\s{0,3}[:#]?\s{0,3}(?<v>[A-Z]{0,3}-?\d{5,12})\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, 1000)]
    private static partial Regex Regex();
}

/// <summary>UK NHS numbers: ten digits (often 3-3-4) with a valid mod-11 check digit.</summary>
public sealed partial class UkNhsDetector : PatternDetector
{
    private static readonly ContextWords Words = new("nhs", "national health", "health service", "patient");

    /// <inheritdoc />
    public override string Id => "uk_nhs";
    /// <inheritdoc />
    public override string EntityType => Detection.EntityTypes.UkNhs;
    /// <inheritdoc />
    public override int MaxLength => 12;
    /// <inheritdoc />
    protected override Regex Pattern => Regex();
    /// <inheritdoc />
    protected override ContextWords Context => Words;
    /// <inheritdoc />
    protected override double ContextBoost => 0.55;
    /// <inheritdoc />
    public override bool MayMatch(in TextFeatures features) => features.HasDigit;
    /// <inheritdoc />
    protected override double? Score(string text, Match match) => Checksums.NhsMod11(match.ValueSpan) ? 0.4 : null;

    /// <summary>
    /// A match starts a run of three digits (3-3-4) or ten (undelimited); tried only there, see <see cref="DigitGroups"/>.
    /// </summary>
    private protected override IEnumerable<Match> Candidates(string text) => DigitGroups.Of(text) is { } runs
        ? AnchoredStarts.Matches(AtStart(), text, runs.StartsOfRuns(static length => length is 3 or 10))
        : Regex().Matches(text);

    private const string Shape = @"(?<![\d\-.])\d{3}([ \-]?)\d{3}\1\d{4}(?![\d\-]|\.\d)";

    [GeneratedRegex(Shape, RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Regex();

    /// <summary><see cref="Regex"/> anchored at the position the match is tried from.</summary>
    [GeneratedRegex(@"\G" + Shape, RegexOptions.CultureInvariant, 1000)]
    private static partial Regex AtStart();
}
