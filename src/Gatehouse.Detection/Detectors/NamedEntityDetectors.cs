using System.Text.RegularExpressions;

namespace Gatehouse.Detection.Detectors;

/// <summary>
/// People's names from surface cues, without a model: a title (<c>Dr.</c>, <c>Ms</c>), an introduction ("my name is",
/// "Dear", "signed"), or a known given name followed by capitalised words.
/// </summary>
public sealed partial class PersonDetector : IDetector
{
    /// <inheritdoc />
    public string Id => "person";
    /// <inheritdoc />
    public IReadOnlyCollection<string> EntityTypes => [Detection.EntityTypes.Person];
    /// <inheritdoc />
    public int MaxLength => 64;
    /// <inheritdoc />
    public bool MayMatch(in TextFeatures features) => true;

    /// <inheritdoc />
    public void Detect(string text, List<Finding> sink)
    {
        foreach (Match m in Cued().Matches(text))
        {
            var name = m.Groups["v"];
            var (start, end) = TrimNotNames(text, name.Index, name.Index + name.Length);
            if (end > start)
                sink.Add(new Finding(Detection.EntityTypes.Person, start, end, m.Groups["t"].Success ? 0.8 : 0.7, Id));
        }
        foreach (Match m in Capitalised().Matches(text))
        {
            var first = m.Groups["f"].Value;
            if (!WordLists.GivenNames.Contains(first))
                continue;
            sink.Add(new Finding(Detection.EntityTypes.Person, m.Index, m.Index + m.Length, m.Groups["s"].Success ? 0.75 : 0.6, Id));
        }
    }

    /// <summary>Drops trailing words that are not names ("Dear Anna Thanks" → "Anna").</summary>
    private static (int, int) TrimNotNames(string text, int start, int end)
    {
        var words = text[start..end].Split(' ');
        var keep = 0;
        while (keep < words.Length && !WordLists.NotNames.Contains(words[keep]))
            keep++;
        return keep == 0 ? (start, start) : (start, start + string.Join(' ', words[..keep]).Length);
    }

    [GeneratedRegex(@"(?:(?<t>\b(?i:mr|mrs|ms|miss|mx|dr|prof|sir|dame|rev|fr|capt|sgt|lt|col|judge|officer|nurse|doctor)\.?)|\b(?i:my name is|name is|i am|i'm|name:|dear|signed,?|regards,|sincerely,|thanks,|cc:|attn:?|contact|ask for|spoke with|speak to|patient|client|customer|employee|colleague|friend|named|called))\s+(?<v>[A-Z][a-z'\-]{1,20}(?:\s[A-Z][a-z'\-]{1,20}){0,2})\b", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Cued();

    [GeneratedRegex(@"\b(?<f>[A-Z][a-z]{1,15})(?<s>\s[A-Z][a-z'\-]{1,20}){0,2}\b", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Capitalised();
}

/// <summary>Countries, large cities and US states from a word list, and capitalised places after "live(s) in", "from", "based in".</summary>
public sealed partial class LocationDetector : IDetector
{
    /// <inheritdoc />
    public string Id => "location";
    /// <inheritdoc />
    public IReadOnlyCollection<string> EntityTypes => [Detection.EntityTypes.Location];
    /// <inheritdoc />
    public int MaxLength => 64;
    /// <inheritdoc />
    public bool MayMatch(in TextFeatures features) => true;

    /// <inheritdoc />
    public void Detect(string text, List<Finding> sink)
    {
        foreach (Match m in Word().Matches(text))
            if (WordLists.Places.Contains(m.Value))
                sink.Add(new Finding(Detection.EntityTypes.Location, m.Index, m.Index + m.Length, char.IsUpper(m.Value[0]) ? 0.6 : 0.5, Id));
        foreach (Match m in Cued().Matches(text))
        {
            var v = m.Groups["v"];
            if (!WordLists.NotNames.Contains(v.Value))
                sink.Add(new Finding(Detection.EntityTypes.Location, v.Index, v.Index + v.Length, 0.55, Id));
        }
    }

    [GeneratedRegex(@"\b[A-Za-z]{4,15}\b", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Word();

    [GeneratedRegex(@"\b(?i:live[sd]? in|living in|based in|moved to|born in|located in|resident of|city of|town of)\s+(?<v>[A-Z][a-z'\-]{2,20}(?:\s[A-Z][a-z'\-]{2,20}){0,2})\b", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Cued();
}

/// <summary>Organisations: capitalised words ending in a legal or institutional suffix (Inc, Ltd, GmbH, University…).</summary>
public sealed partial class OrganizationDetector : PatternDetector
{
    /// <inheritdoc />
    public override string Id => "organization";
    /// <inheritdoc />
    public override string EntityType => Detection.EntityTypes.Organization;
    /// <inheritdoc />
    public override int MaxLength => 96;
    /// <inheritdoc />
    protected override Regex Pattern => Regex();
    /// <inheritdoc />
    public override bool MayMatch(in TextFeatures features) => features.HasUpper;
    /// <inheritdoc />
    protected override double? Score(string text, Match match) => 0.65;

    [GeneratedRegex(@"\b(?:[A-Z][\w&'\-]{1,25},?\s(?:(?:and|&)\s)?){1,4}(?:Inc|Ltd|LLC|LLP|GmbH|Corp|Corporation|Company|PLC|AG|SA|S\.A|NV|BV|Group|Holdings|Bank|University|Foundation|Institute|Partners|Associates|Technologies|Solutions|Systems|Labs|Hospital|Clinic)\b\.?", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Regex();
}

/// <summary>Street addresses: a house number, street name words and a street-type word, with an optional unit.</summary>
public sealed partial class StreetAddressDetector : PatternDetector
{
    private static readonly ContextWords Words = new("address", "live", "lives", "living", "ship", "deliver", "mail", "billing", "street");

    /// <inheritdoc />
    public override string Id => "street_address";
    /// <inheritdoc />
    public override string EntityType => Detection.EntityTypes.StreetAddress;
    /// <inheritdoc />
    public override int MaxLength => 128;
    /// <inheritdoc />
    protected override Regex Pattern => Regex();
    /// <inheritdoc />
    protected override ContextWords Context => Words;
    /// <inheritdoc />
    protected override double ContextBoost => 0.15;
    /// <inheritdoc />
    public override bool MayMatch(in TextFeatures features) => features.HasDigit;
    /// <inheritdoc />
    protected override double? Score(string text, Match match) => 0.7;

    [GeneratedRegex(@"\b\d{1,5}[A-Za-z]?\s(?:(?!(?i:and|or|the|for|to|of|in|on|at|with|from|by|metres|meters|miles|km|feet|minutes|hours|days|years)\s)[A-Za-z][A-Za-z'\-]{1,20}\s){1,4}(?i:street|st|avenue|ave|road|rd|lane|ln|drive|dr|boulevard|blvd|court|ct|way|place|pl|terrace|close|crescent|square|sq|parkway|pkwy|highway|hwy|circle|cir|trail|mews|grove|gardens)\b\.?(?:,?\s(?i:suite|ste|apt|apartment|unit|flat|#)\.?\s?\d{1,5}[A-Za-z]?)?", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Regex();
}
