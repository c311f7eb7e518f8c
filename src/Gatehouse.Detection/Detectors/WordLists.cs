using System.Collections.Frozen;

namespace Gatehouse.Detection.Detectors;

/// <summary>
/// Small word lists written for Gatehouse (not taken from any data-generation library): given names common across
/// many languages, countries, large cities and US states, and capitalised words that are never names.
/// </summary>
internal static class WordLists
{
    private static FrozenSet<string> Set(string words) =>
        words.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Span lookups, so matching words need not be allocated as strings.</summary>
    public static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> GivenNameSpans;
    /// <summary>Span lookup of <see cref="Places"/>.</summary>
    public static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> PlaceSpans;

    // (length, first letter, last letter) of every ASCII place name, case-folded: most words of prose fail this
    // table and skip hashing. Written once in the static constructor, read-only afterwards.
    private static readonly bool[,,] PlaceShapes = new bool[16, 26, 26];

    static WordLists()
    {
        GivenNameSpans = GivenNames.GetAlternateLookup<ReadOnlySpan<char>>();
        PlaceSpans = Places.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var place in Places)
            if (place.Length < 16 && char.IsAsciiLetter(place[0]) && char.IsAsciiLetter(place[^1]))
                PlaceShapes[place.Length, char.ToLowerInvariant(place[0]) - 'a', char.ToLowerInvariant(place[^1]) - 'a'] = true;
    }

    /// <summary>
    /// False when <paramref name="word"/> (ASCII letters, 1–15 long) cannot be in <see cref="Places"/>: a cheap test
    /// before the hash lookup.
    /// </summary>
    public static bool MayBePlace(ReadOnlySpan<char> word) =>
        word.Length is > 0 and < 16 && PlaceShapes[word.Length, (word[0] | 0x20) - 'a', (word[^1] | 0x20) - 'a'];

    /// <summary>Given names.</summary>
    public static readonly FrozenSet<string> GivenNames = Set("""
        aaron adam adrian ahmed aisha alan albert alex alexander alice amanda amelia amir ana andrea andrew angela anna
        anne anthony antonio arjun ava barbara ben benjamin beth bob brian carl carlos carmen caroline catherine charles
        charlie charlotte chen chloe chris christian christina christopher claire daniel david deborah dennis diana diego
        dmitri donald dorothy edward elena elizabeth ella emily emma eric ethan eva fatima felix fernando francesca frank
        gabriel george grace hannah harry helen henry hiroshi hugo ian igor isabella ivan jack jacob james jane jason
        javier jennifer jessica joan john jonathan jorge jose joseph joshua juan julia kate katherine kenji kevin laura
        leo linda lisa lucas lucia luis maria mark martin mary matthew maya michael michelle mohammed muhammad nancy
        natalia nicholas nina noah olga oliver olivia omar oscar patricia paul pedro peter priya rachel raj rebecca
        richard robert rosa ryan sam samuel sandra sara sarah sebastian sergei sofia sophie stephen steven susan thomas
        tim timothy tom victor victoria wei william yuki zoe jan lars sven ingrid anders erik astrid pierre jean marie
        luca marco giulia paolo hans klaus ute jurgen fatma mehmet ali yusuf hassan leila nadia kwame amara chidi
        ngozi thabo sipho mei ling hana min jun seo priya ravi anil sunita deepak kofi
        """);

    /// <summary>Countries and large cities.</summary>
    public static readonly FrozenSet<string> Places = Set("""
        afghanistan albania algeria argentina armenia australia austria bangladesh belgium bolivia brazil bulgaria
        cambodia cameroon canada chile china colombia croatia cuba cyprus czechia denmark ecuador egypt estonia ethiopia
        finland france georgia germany ghana greece hungary iceland india indonesia iran iraq ireland israel italy
        jamaica japan jordan kazakhstan kenya korea kuwait latvia lebanon lithuania luxembourg malaysia mexico morocco
        nepal netherlands nigeria norway pakistan panama peru philippines poland portugal qatar romania russia rwanda
        serbia singapore slovakia slovenia spain sweden switzerland syria taiwan tanzania thailand tunisia turkey uganda
        ukraine uruguay venezuela vietnam zambia zimbabwe
        london paris berlin madrid rome lisbon dublin amsterdam brussels vienna prague warsaw budapest stockholm oslo
        copenhagen helsinki athens istanbul moscow kyiv cairo lagos nairobi johannesburg casablanca dubai riyadh tehran
        karachi mumbai delhi bangalore kolkata chennai dhaka bangkok jakarta manila hanoi beijing shanghai shenzhen
        tokyo osaka seoul sydney melbourne auckland toronto vancouver montreal chicago boston seattle denver houston
        dallas atlanta miami phoenix philadelphia detroit portland austin lima bogota santiago caracas havana
        manchester birmingham glasgow edinburgh liverpool munich hamburg frankfurt milan naples barcelona valencia
        lyon marseille zurich geneva
        alabama alaska arizona arkansas california colorado connecticut delaware florida hawaii idaho illinois indiana
        iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi missouri montana
        nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah vermont virginia washington wisconsin
        wyoming
        """);

    /// <summary>Capitalised words that start sentences or name things but are not people.</summary>
    public static readonly FrozenSet<string> NotNames = Set("""
        the a an i we you he she they it this that these those my our your his her their and or but if so yes no not
        hello hi hey thanks thank please dear regards best sincerely cheers ok okay sure going here there what when
        where why how who which monday tuesday wednesday thursday friday saturday sunday january february march april may
        june july august september october november december today tomorrow yesterday good great sorry also just still
        fine happy glad sure ready able new old am is are was be been calling writing looking trying working
        mr mrs ms miss dr prof sir madam street avenue road
        """);
}
