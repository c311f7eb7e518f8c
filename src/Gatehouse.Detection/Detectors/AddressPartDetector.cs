using System.Text.RegularExpressions;

namespace Gatehouse.Detection.Detectors;

/// <summary>
/// Pieces of a postal address that the street-line pattern misses: a unit ("Apt. 813", "Suite 106"), a street named by
/// a compound with a street word as suffix followed by its house number ("Billeveien 122", "Hochstrasse 96",
/// "Västerviksgatan 2"), and a postal code introduced as one ("my zip code is 18404"). Reported as
/// <see cref="EntityTypes.StreetAddress"/>.
/// </summary>
public sealed partial class AddressPartDetector : PatternDetector
{
    // The anchor is the first digit of the number every piece ends with (a unit, house or zip number): it follows a
    // letter, a space, '.', '#' or ':', never another digit, and the piece ends at most eleven characters after it
    // (a ZIP+4 and the look-ahead). Digits inside numbers and the text after them open no window.
    // Before that number come at most three characters of white space, '#' or ':' ("Apt. # 4", "zip code: 18404",
    // "Hochstrasse 96") and before them a letter or the '.' of "Apt."; a number after a digit group, a dash or a
    // '+' ("4111 1111", "536-22-1234") opens no window.
    private static readonly AnchoredPattern AnchoredRegex = new(Regex(), AnchoredPattern.Digits, 56, 14, CanEndPiece);

    private static bool CanEndPiece(string text, int i)
    {
        if (i == 0 || char.IsDigit(text[i - 1]))
            return false;
        var before = i - 1;
        while (before >= 0 && i - before <= 3 && (char.IsWhiteSpace(text[before]) || text[before] is '#' or ':'))
            before--;
        return before >= 0 && (char.IsLetter(text[before]) || text[before] == '.');
    }

    /// <inheritdoc />
    public override string Id => "address_part";
    /// <inheritdoc />
    public override string EntityType => Detection.EntityTypes.StreetAddress;
    /// <inheritdoc />
    public override int MaxLength => 48;
    /// <inheritdoc />
    protected override Regex Pattern => Regex();
    /// <inheritdoc />
    private protected override AnchoredPattern Anchored => AnchoredRegex;
    /// <inheritdoc />
    public override bool MayMatch(in TextFeatures features) => features.HasDigit;

    /// <inheritdoc />
    protected override double? Score(string text, Match match) => match.Groups["zip"].Success ? 0.6 : 0.65;

    // Unit words are matched case-insensitively except "Unit" and "Flat", which are ordinary words in lower case
    // ("unit 3 of the course"). The street suffixes are Nordic, German, Dutch, Finnish and Baltic street words.
    [GeneratedRegex(@"(?<![\w\-])(?:(?:(?i:apt|apartment|suite|ste)\.?|Unit|Flat)\s?#?\s?\d{1,5}[A-Za-z]?|\p{Lu}[\p{Ll}\-]{1,30}(?:veien|vegen|vei|veg|gatan|gata|gate|gade|vej|vägen|väg|straße|strasse|straat|weg|laan|plein|plaats|gracht|katu|tie|kuja|polku|gasse|allee|platz|iela)\s\d{1,5}[A-Za-z]?|(?i:zip(?:\s?code)?|postal\s?code|post\s?code)(?:\s(?i:is))?\s?[:#]?\s?(?<zip>\d{5}(?:-\d{4})?))(?![\w\-])", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Regex();

    /// <inheritdoc />
    protected override (int Start, int End) ValueSpan(Match match)
    {
        var zip = match.Groups["zip"];
        return zip.Success ? (zip.Index, zip.Index + zip.Length) : (match.Index, match.Index + match.Length);
    }
}
