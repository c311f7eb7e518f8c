using Gatehouse.Detection.Detectors;
using Gatehouse.Detection.Normalization;

namespace Gatehouse.Detection.Tests;

/// <summary>
/// A detector's prefilter (<see cref="IDetector.MayMatch"/>) may only skip text in which the detector finds nothing.
/// Short dataset values (chat messages, role names) are where prefilters pay, so they are checked on such texts, in
/// lower case, capitalised, and with non-ASCII upper-case letters (which <c>\p{Lu}</c> accepts).
/// </summary>
public sealed class PrefilterSoundnessTests
{
    private static readonly string[] Texts =
    [
        "user", "assistant", "system",
        "please could you help me with my order, my name is maria garcia and i live in paris",
        "My name is Maria Garcia and I live in Paris",
        "dear Élodie, thanks for the update from Zürich",
        "dear élodie, i moved to zürich last week",
        "ÉMILE DURAND lives in Łódź",
        "contact Ōtani Shōhei, spoke with Ásgeir and Þóra",
        "thanks, anna. customer called from berlin; friend named john smith",
        "Kovalev, Lee and Phillips met Dr. Chen in Lisbon",
        "reach me at user12@example.com or https://example.org/a, www.example.net",
        "moved to New York City, born in São Paulo",
    ];

    public static TheoryData<string> Detectors() => [.. BuiltInDetectors.All().Select(d => d.Id)];

    [Theory]
    [MemberData(nameof(Detectors))]
    public void Skipped_text_holds_nothing_the_detector_would_find(string id)
    {
        var detector = BuiltInDetectors.All().Single(d => d.Id == id);
        var checkedSkips = 0;
        foreach (var original in Texts)
        {
            var text = TextNormalizer.Normalize(original).Text;
            if (detector.MayMatch(TextFeatures.Of(text)))
                continue;
            checkedSkips++;
            var sink = new List<Finding>();
            detector.Detect(text, sink);
            Assert.True(sink.Count == 0, $"{id} skips \"{original}\" but finds {string.Join(", ", sink.Select(f => text[f.Start..f.End]))}");
        }
        Assert.True(checkedSkips > 0 || detector.MayMatch(default), $"{id}: no text was skipped, so nothing was checked");
    }

    [Fact]
    public void Names_and_places_in_lower_case_text_are_still_found_through_non_ascii_capitals_or_word_lists()
    {
        var engine = DetectionEngine.Create();
        var findings = engine.Scan("dear Élodie, i moved to paris");
        Assert.Contains(findings, f => f.EntityType == EntityTypes.Person);
        Assert.Contains(findings, f => f.EntityType == EntityTypes.Location);
        Assert.DoesNotContain(engine.Scan("dear élodie, thanks"), f => f.EntityType == EntityTypes.Person);
    }
}
