using System.Buffers;
using System.Text.RegularExpressions;

namespace Gatehouse.Detection.Detectors;

/// <summary>
/// Telephone numbers in international (<c>+44 20 7946 0958</c>, E.164 <c>+14155550100</c>, <c>001-…</c>) and national
/// formats (<c>(415) 555-0100</c>, <c>0431 19 97 94</c>, with an optional extension). Between 7 and 15 digits
/// (the E.164 maximum). A bare two-group number needs a context word such as "phone" or "call".
/// </summary>
public sealed partial class PhoneDetector : PatternDetector
{
    private static readonly ContextWords Words = new("phone", "telephone", "tel", "mobile", "cell", "call", "fax", "contact",
        "number", "reach", "whatsapp", "sms", "text", "dial", "ring", "landline", "ph", "phone#", "hotline", "answering", "office",
        "fax", "home", "work", "extension", "voicemail");
    private static readonly ContextWords NotPhone = new("apt", "suite", "unit", "box", "room", "flat", "floor", "version", "v", "port");

    /// <inheritdoc />
    public override string Id => "phone";
    /// <inheritdoc />
    public override string EntityType => Detection.EntityTypes.Phone;
    /// <inheritdoc />
    public override int MaxLength => 40;
    /// <inheritdoc />
    protected override Regex Pattern => Regex();
    /// <inheritdoc />
    protected override ContextWords Context => Words;
    /// <inheritdoc />
    protected override double ContextBoost => 0.3;
    /// <inheritdoc />
    public override bool MayMatch(in TextFeatures features) => features.HasDigit;

    /// <inheritdoc />
    protected override double? Score(string text, Match match)
    {
        var value = match.Value;
        var core = match.Groups["core"].Value;
        var digits = Checksums.CountDigits(core);
        if (digits is < 7 or > 15)
            return null;
        if (SsnShape().IsMatch(value) || DateShape().IsMatch(core) || core.StartsWith(DatePrefix(core)))
            return null;
        if (NotPhone.Near(text, match.Index, match.Index, 8))
            return null; // "Apt. 722 20 40" is part of an address
        var groups = 1;
        foreach (var c in core)
            if (c is ' ' or '-' or '.' or ')')
                groups++;
        var international = value.StartsWith('+') || value.StartsWith("00", StringComparison.Ordinal);
        if (core.Contains('.') && !international && core.Split('.').Length == 4 && digits <= 12)
            return null; // looks like an IPv4 address or a version number
        if (international)
            return digits >= 8 ? 0.75 : 0.5;
        if (value.Contains('(') || match.Groups["ext"].Success)
            return 0.65;
        if (groups >= 3)
            return digits >= 9 ? 0.6 : 0.5;
        return groups == 2 ? 0.35 : 0.25;
    }

    /// <summary>
    /// A match starts at a '+', a '(' or the first digit of a digit run (a digit before it is a word character, which
    /// the look-behind rejects), so the pattern is tried only there instead of at every digit of the text.
    /// </summary>
    private protected override IEnumerable<Match> Candidates(string text) => DigitGroups.Of(text) is { } runs
        ? AnchoredStarts.Matches(AtStart(), text, runs.StartsOfRunsAnd(text, PrefixChars))
        : Regex().Matches(text);

    private static readonly SearchValues<char> PrefixChars = SearchValues.Create("+(");

    private const string Shape = @"(?<![\w+.\-])(?<core>(?:(?:\+|00)\d{1,3}[ .\-]?|001[ .\-])?(?:\(\d{1,5}\)[ .\-]?)?\d{1,12}(?:[ .\-]\d{1,10}){0,5}|\+\d{8,15})(?<ext>\s?(?:x|ext\.?|#)\s?\d{1,6})?(?!\w|-\d|\.\d|:\d)";

    [GeneratedRegex(Shape, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, 1000)]
    private static partial Regex Regex();

    /// <summary><see cref="Regex"/> anchored at the position the match is tried from.</summary>
    [GeneratedRegex(@"\G" + Shape, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, 1000)]
    private static partial Regex AtStart();

    /// <summary>A leading ISO date ("1993-01-04 14" is a timestamp, not a number); empty when there is none.</summary>
    private static string DatePrefix(string core)
    {
        var m = IsoDate().Match(core);
        return m.Success ? m.Value : "\uFFFF";
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}")]
    private static partial Regex IsoDate();

    // 3-2-4 digits with one separator throughout is the SSN's written shape, not any national phone plan's.
    [GeneratedRegex(@"^\d{3}([\- .])\d{2}\1\d{4}$")]
    private static partial Regex SsnShape();

    [GeneratedRegex(@"^(?:\d{4}[\-./]\d{1,2}[\-./]\d{1,2}|\d{1,2}[\-./]\d{1,2}[\-./]\d{4})$")]
    private static partial Regex DateShape();
}
