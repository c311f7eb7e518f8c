using Gatehouse.Detection.Evaluation;
using Gatehouse.Detection.Tests.HeldOut;
using Xunit.Abstractions;

namespace Gatehouse.Detection.Tests;

/// <summary>
/// Detection quality on our own held-out set (<see cref="HeldOutCorpus"/>), which shares no text with pii-dev, so a
/// detector fitted to the dev set shows up here as a gap between the two reports.
/// </summary>
public sealed class HeldOutQualityTests(ITestOutputHelper output)
{
    private static readonly DetectionEngine Engine = DetectionEngine.Create();

    [Fact]
    public void HeldOutScoresStayAboveFloors()
    {
        var fps = new List<(string, Finding)>();
        var misses = new List<(string, LabelledSpan)>();
        var scores = new QualityEvaluator(Engine).Evaluate(HeldOutCorpus.Generate(), fps, misses);
        foreach (var s in scores.Values.OrderBy(s => s.EntityType))
            output.WriteLine($"{s.EntityType,-12} P={s.Precision:F3} R={s.Recall:F3} F1={s.F1:F3} tp={s.TruePositives} fp={s.FalsePositives} fn={s.FalseNegatives}");
        foreach (var (text, f) in fps.Take(30))
            output.WriteLine($"FP {f.EntityType} '{text[f.Start..f.End]}' in: {text.ReplaceLineEndings(" ")}");
        foreach (var (text, g) in misses.Take(30))
            output.WriteLine($"FN {g.EntityType} '{text[g.Start..g.End]}' in: {text.ReplaceLineEndings(" ")}");
        foreach (var (type, floor) in Floors)
            Assert.True(scores[type].F1 >= floor, $"{type} F1 {scores[type].F1:F3} fell below {floor}");
    }

    // Floors sit just under the figures measured when this set was written; the issue's target is 0.95 on the dev
    // set. Detectors were not tuned against this set, so the floors below 0.95 are known gaps, not goals:
    // When it was written this set showed IP_ADDRESS 0.916 (IPv4-mapped IPv6 and addresses followed by a port
    // missed), US_SSN 0.926 and PHONE 0.894 (space-separated SSNs taken for phones). The detectors were fixed for those
    // general faults (now 1.000, 1.000, 0.950). PHONE's remaining gap: German and UK national numbers with the 0 trunk
    // prefix and no context word score under the minimum, and Amex-grouped card numbers that fail Luhn pass as phones.
    internal static readonly (string Type, double Floor)[] Floors =
    [
        ("CREDIT_CARD", 0.99), ("EMAIL", 0.99), ("IBAN", 0.99), ("US_SSN", 0.99), ("IP_ADDRESS", 0.99), ("PHONE", 0.94),
    ];
}
