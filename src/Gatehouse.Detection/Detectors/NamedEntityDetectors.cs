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
    /// <remarks>
    /// Every pattern here needs an upper-case letter (<c>\p{Lu}</c>): ASCII A-Z or a non-ASCII character. Text with
    /// neither (a lower-case chat message, a role name) cannot hold a name, and skipping it saved a third of the scan of
    /// such short values (issue #6).
    /// </remarks>
    public bool MayMatch(in TextFeatures features) => features.HasUpper || features.HasNonAscii;

    /// <inheritdoc />
    public void Detect(string text, List<Finding> sink)
    {
        // The cue pattern is a large case-insensitive alternation: the non-backtracking engine scans it an order of
        // magnitude faster, but has no lookaround, so the end-of-word check is done here.
        foreach (var m in CuedScan.Matches(text))
        {
            var name = m.Groups["v"];
            var after = name.Index + name.Length;
            if (after < text.Length && (char.IsLetterOrDigit(text[after]) || text[after] == '-'))
                continue;
            var (start, end) = TrimNotNames(text, name.Index, name.Index + name.Length);
            if (end > start)
                sink.Add(new Finding(Detection.EntityTypes.Person, start, end, m.Groups["t"].Success ? 0.8 : 0.7, Id));
        }
        // Cheap pass over capitalised words; the full name pattern runs only where a known given name starts.
        foreach (var (index, length) in CapitalisedWords(text))
        {
            if (!WordLists.GivenNameSpans.Contains(text.AsSpan(index, length)))
                continue;
            var m = Capitalised().Match(text, index);
            if (!m.Success || m.Index != index)
                continue;
            var (start, end) = TrimNotNames(text, m.Index, m.Index + m.Length);
            if (end > start && !InStreetName(text, start, end))
                sink.Add(new Finding(Detection.EntityTypes.Person, start, end, m.Groups["s"].Success ? 0.75 : 0.6, Id));
        }
        foreach (var m in NameListScan.Matches(text))
        {
            var items = ListItem().Matches(m.Value);
            if (!items.Any(i => WordLists.GivenNames.Contains(i.Value)) || items.Any(i => WordLists.NotNames.Contains(i.Value) || WordLists.Places.Contains(i.Value)))
                continue;
            foreach (Match item in items)
                sink.Add(new Finding(Detection.EntityTypes.Person, m.Index + item.Index, m.Index + item.Index + item.Length, 0.6, Id));
        }
    }

    /// <summary>
    /// What <see cref="CapitalisedWord"/> matches, in order. On ASCII text (where <c>\p{Lu}</c> is A-Z and <c>\p{Ll}</c>
    /// a-z) the words are found with vectorized searches for upper-case letters and the end of each lower-case run,
    /// instead of a regex that tests every character's Unicode category.
    /// </summary>
    private static IEnumerable<(int Index, int Length)> CapitalisedWords(string text)
    {
        if (!System.Text.Ascii.IsValid(text))
        {
            var words = new List<(int, int)>();
            foreach (var word in CapitalisedWord().EnumerateMatches(text))
                words.Add((word.Index, word.Length));
            return words;
        }
        return AsciiCapitalisedWords(text);
    }

    private static IEnumerable<(int Index, int Length)> AsciiCapitalisedWords(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            var upper = text.AsSpan(i).IndexOfAnyInRange('A', 'Z');
            if (upper < 0)
                yield break;
            var start = i + upper;
            var run = text.AsSpan(start + 1).IndexOfAnyExceptInRange('a', 'z');
            var end = run < 0 ? text.Length : start + 1 + run;
            i = end;
            if (end - start - 1 is < 1 or > 15 || start > 0 && IsWordOrDash(text[start - 1]) || end < text.Length && IsWordOrDash(text[end]))
                continue;
            yield return (start, end - start);
        }
    }

    private static bool IsWordOrDash(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';

    /// <summary>
    /// <see cref="NameList"/> run only near a comma that a white-space character and an upper-case letter follow (every
    /// list has one within its first 22 characters); on ASCII text that rules out almost every comma of prose.
    /// Non-ASCII neighbours are always accepted and left to the regex.
    /// </summary>
    private static readonly AnchoredPattern NameListScan = new(NameList(), System.Buffers.SearchValues.Create(","), 23, 236,
        (text, i) => i + 2 < text.Length && (text[i + 1] >= 128 || text[i + 1] is ' ' or '\t' or '\n' or '\v' or '\f' or '\r')
            && (text[i + 2] >= 128 || char.IsAsciiLetterUpper(text[i + 2])));

    /// <summary>
    /// Streets are often named after people ("221 Victor Hugo Street", "rue Charles Corbeau"): a name right after a house
    /// number or a street word, or right before a street type, is part of an address.
    /// </summary>
    private static bool InStreetName(string text, int start, int end)
    {
        var before = text.AsSpan(Math.Max(0, start - 6), start - Math.Max(0, start - 6)).TrimEnd();
        if (before.Length > 0 && (char.IsAsciiDigit(before[^1]) || before.EndsWith("rue", StringComparison.OrdinalIgnoreCase)
            || before.EndsWith("St.", StringComparison.Ordinal) || before.EndsWith("via", StringComparison.OrdinalIgnoreCase)))
            return true;
        return StreetAfter().IsMatch(text.AsSpan(end, Math.Min(12, text.Length - end)));
    }

    [GeneratedRegex(@"^\s(?i:street|st\b|avenue|ave\b|road|rd\b|lane|place|drive|boulevard|square|apt|suite|country club)", RegexOptions.CultureInvariant)]
    private static partial Regex StreetAfter();

    /// <summary>Drops trailing words that are not names ("Dear Anna Thanks" → "Anna").</summary>
    private static (int, int) TrimNotNames(string text, int start, int end)
    {
        var words = text[start..end].Split(' ');
        var keep = 0;
        while (keep < words.Length && !WordLists.NotNames.Contains(words[keep]))
            keep++;
        return keep == 0 ? (start, start) : (start, start + string.Join(' ', words[..keep]).Length);
    }

    [GeneratedRegex(@"(?:(?<t>\b(?i:mr|mrs|ms|miss|mx|dr|prof|sir|dame|rev|fr|capt|sgt|lt|col|judge|officer|nurse|doctor)\.?)|\b(?i:my name is|name is|i am|i'm|name:|dear|signed,?|regards,|sincerely,|thanks,|cc:|attn:?|contact|ask for|spoke with|speak to|patient|client|customer|employee|colleague|friend|named|called))\s+(?<v>\p{Lu}[\p{Ll}'\-]{1,20}(?:\s(?:(?:van|von|de|der|den|da|di|du|del|della|la|le|bin|ibn|al|ter|ten)\s){0,3}\p{Lu}[\p{Ll}'\-]{1,20}){0,2})", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, 1000)]
    private static partial Regex Cued();
    /// <summary><see cref="Cued"/> anchored where the scan tries it (the backtracking engine: it supports <c>\G</c>).</summary>
    [GeneratedRegex(@"\G(?:(?<t>\b(?i:mr|mrs|ms|miss|mx|dr|prof|sir|dame|rev|fr|capt|sgt|lt|col|judge|officer|nurse|doctor)\.?)|\b(?i:my name is|name is|i am|i'm|name:|dear|signed,?|regards,|sincerely,|thanks,|cc:|attn:?|contact|ask for|spoke with|speak to|patient|client|customer|employee|colleague|friend|named|called))\s+(?<v>\p{Lu}[\p{Ll}'\-]{1,20}(?:\s(?:(?:van|von|de|der|den|da|di|du|del|della|la|le|bin|ibn|al|ter|ten)\s){0,3}\p{Lu}[\p{Ll}'\-]{1,20}){0,2})", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex CuedAtStart();

    private static readonly CuedPattern CuedScan = new(Cued(), CuedAtStart(),
        "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "rev", "fr", "capt", "sgt", "lt", "col", "judge", "officer",
        "nurse", "doctor", "my name is", "name is", "i am", "i'm", "name:", "dear", "signed", "regards,", "sincerely,", "thanks,",
        "cc:", "attn", "contact", "ask for", "spoke with", "speak to", "patient", "client", "customer", "employee", "colleague",
        "friend", "named", "called");

    [GeneratedRegex(@"(?<![\w\-])\p{Lu}\p{Ll}{1,15}(?![\w\-])", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex CapitalisedWord();

    [GeneratedRegex(@"\G(?<![\w\-])(?<f>\p{Lu}\p{Ll}{1,15})(?<s>\s(?:(?:van|von|de|der|den|da|di|du|del|della|la|le|bin|ibn|al|ter|ten)\s){0,3}\p{Lu}[\p{Ll}'\-]{1,20}){0,2}(?![\w\-])", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Capitalised();

    /// <summary>A list of capitalised single words ("Kovalev, Lee and Phillips"); names when one of them is a known given name.</summary>
    [GeneratedRegex(@"(?<!\w)\p{Lu}\p{Ll}{1,20}(?:,\s\p{Lu}\p{Ll}{1,20}){1,8},?\s(?:and|&)\s\p{Lu}\p{Ll}{1,20}(?!\w)", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex NameList();

    [GeneratedRegex(@"\p{Lu}\p{Ll}{1,20}", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ListItem();
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
        // Whole words of ASCII letters, 4-15 long (what \b[A-Za-z]{4,15}\b matches): maximal letter runs with no word
        // character on either side. One scalar pass; most words fail the cheap shape test before any hashing.
        var span = text.AsSpan();
        var i = 0;
        while (i < span.Length)
        {
            if (!char.IsAsciiLetter(span[i]))
            {
                i++;
                continue;
            }
            var start = i;
            while (i < span.Length && char.IsAsciiLetter(span[i]))
                i++;
            var word = span[start..i];
            if (word.Length is < 4 or > 15 || !WordLists.MayBePlace(word))
                continue;
            if (start > 0 && IsWordChar(span[start - 1]) || i < span.Length && IsWordChar(span[i]))
                continue;
            if (WordLists.PlaceSpans.Contains(word))
                sink.Add(new Finding(Detection.EntityTypes.Location, start, i, char.IsUpper(text[start]) ? 0.6 : 0.5, Id));
        }
        // A cued place starts with [A-Z] (case-sensitive: only the cue is case-insensitive), so text without one is done.
        if (!span.ContainsAnyInRange('A', 'Z'))
            return;
        foreach (var m in CuedScan.Matches(text))
        {
            var v = m.Groups["v"];
            if (!WordLists.NotNames.Contains(v.Value))
                sink.Add(new Finding(Detection.EntityTypes.Location, v.Index, v.Index + v.Length, 0.55, Id));
        }
    }

    /// <summary>A regex word character (<c>\w</c>); outside ASCII the regex engine's own class decides.</summary>
    private static bool IsWordChar(char c) =>
        c < 128 ? char.IsAsciiLetterOrDigit(c) || c == '_' : WordChar().IsMatch(new ReadOnlySpan<char>(in c));

    [GeneratedRegex(@"^\w$", RegexOptions.CultureInvariant)]
    private static partial Regex WordChar();

    [GeneratedRegex(@"\b(?i:live[sd]? in|living in|based in|moved to|born in|located in|resident of|city of|town of|i'm in|i am in|street in|arrived in|trip to|flew to|flying to|travelling to|traveling to|visiting)\s+(?<v>[A-Z][a-z'\-]{2,20}(?:\s[A-Z][a-z'\-]{2,20}){0,2})\b", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Cued();

    /// <summary><see cref="Cued"/> anchored where the scan tries it.</summary>
    [GeneratedRegex(@"\G\b(?i:live[sd]? in|living in|based in|moved to|born in|located in|resident of|city of|town of|i'm in|i am in|street in|arrived in|trip to|flew to|flying to|travelling to|traveling to|visiting)\s+(?<v>[A-Z][a-z'\-]{2,20}(?:\s[A-Z][a-z'\-]{2,20}){0,2})\b", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex CuedAtStart();

    private static readonly CuedPattern CuedScan = new(Cued(), CuedAtStart(),
        "live", "living in", "based in", "moved to", "born in", "located in", "resident of", "city of", "town of", "i'm in", "i am in",
        "street in", "arrived in", "trip to", "flew to", "flying to", "travelling to", "traveling to", "visiting");
}

/// <summary>
/// Organisations: capitalised words ending in a legal or institutional suffix (Inc, Ltd, GmbH, University…). The
/// non-backtracking engine keeps the repeated word group linear on long runs of capitalised words.
/// </summary>
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

    /// <summary>
    /// Every match ends with a legal or institutional suffix that follows white space, at most 128 characters after
    /// the match starts (four words of up to 32 characters); the suffix and a '.' after it end the match. The
    /// regex runs only in windows before those suffixes instead of over the whole text.
    /// </summary>
    private static readonly AnchoredPattern AnchoredRegex = new(Regex(), new PhraseSearch(
        ["Inc", "Ltd", "LLC", "LLP", "GmbH", "Corp", "Company", "PLC", "AG", "SA", "S.A", "NV", "BV", "Group", "Holdings", "Bank",
         "University", "Foundation", "Institute", "Partners", "Associates", "Technologies", "Solutions", "Systems", "Labs",
         "Hospital", "Clinic"], StringComparison.Ordinal), 130, 16,
        (text, i) => i > 0 && (text[i - 1] >= 128 || text[i - 1] is ' ' or '\t' or '\n' or '\v' or '\f' or '\r'));

    /// <inheritdoc />
    private protected override AnchoredPattern Anchored => AnchoredRegex;

    [GeneratedRegex(@"\b(?:[A-Z][\w&'\-]{1,25},?\s(?:(?:and|&)\s)?){1,4}(?:Inc|Ltd|LLC|LLP|GmbH|Corp|Corporation|Company|PLC|AG|SA|S\.A|NV|BV|Group|Holdings|Bank|University|Foundation|Institute|Partners|Associates|Technologies|Solutions|Systems|Labs|Hospital|Clinic)\b\.?", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, 1000)]
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

    /// <summary>
    /// A street line starts with its house number: the first digit of a run of at most five digits (a digit before
    /// it is a word character, which the <c>\b</c> rejects), so the pattern is tried only there (see
    /// <see cref="DigitGroups"/>) instead of at every digit of the text.
    /// </summary>
    private protected override IEnumerable<Match> Candidates(string text) => DigitGroups.Of(text) is { } runs
        ? AnchoredStarts.Matches(AtStart(), text, runs.StartsOfRuns(static length => length <= 5))
        : Regex().Matches(text);

    private const string Shape = @"\b\d{1,5}[A-Za-z]?\s(?:(?!(?i:and|or|the|for|to|of|in|on|at|with|from|by|metres|meters|miles|km|feet|minutes|hours|days|years)\s)[A-Za-z][A-Za-z'\-]{1,20}\s){1,4}(?i:street|st|avenue|ave|road|rd|lane|ln|drive|dr|boulevard|blvd|court|ct|way|place|pl|terrace|close|crescent|square|sq|parkway|pkwy|highway|hwy|circle|cir|trail|mews|grove|gardens)\b\.?(?:,?\s(?i:suite|ste|apt|apartment|unit|flat|#)\.?\s?\d{1,5}[A-Za-z]?)?";

    [GeneratedRegex(Shape, RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Regex();

    /// <summary><see cref="Regex"/> anchored at the position the match is tried from.</summary>
    [GeneratedRegex(@"\G" + Shape, RegexOptions.CultureInvariant, 1000)]
    private static partial Regex AtStart();
}
