using Gatehouse.Detection.Evaluation;
using Gatehouse.Testing;
using Xunit.Abstractions;

namespace Gatehouse.Detection.Tests;

/// <summary>Detection quality on the shared pii-dev set, with floors so quality cannot silently regress.</summary>
public sealed class QualityTests(ITestOutputHelper output)
{
    private static readonly DetectionEngine Engine = DetectionEngine.Create();

    private static IReadOnlyList<LabelledSample> Samples() =>
    [
        .. LabelledSample.LoadPiiDev(RepositoryPaths.SharedFile("datasets", "pii-dev", "generated_large.json")),
        .. LabelledSample.LoadPiiDev(RepositoryPaths.SharedFile("datasets", "pii-dev", "generated_small.json")),
    ];

    [Fact]
    public void PiiDevScoresStayAboveFloors()
    {
        var fps = new List<(string, Finding)>();
        var misses = new List<(string, LabelledSpan)>();
        var scores = new QualityEvaluator(Engine).Evaluate(Samples(), fps, misses);
        foreach (var s in scores.Values.OrderBy(s => s.EntityType))
            output.WriteLine($"{s.EntityType,-20} P={s.Precision:F3} R={s.Recall:F3} F1={s.F1:F3} tp={s.TruePositives} fp={s.FalsePositives} fn={s.FalseNegatives}");
        if (Environment.GetEnvironmentVariable("GATEHOUSE_EVAL_DUMP") is { } dump)
        {
            foreach (var (text, f) in fps.Where(x => x.Item2.EntityType == dump).Take(40))
                output.WriteLine($"FP {f.EntityType} '{text[f.Start..f.End]}' in: {text.ReplaceLineEndings(" ")}");
            foreach (var (text, g) in misses.Where(x => x.Item2.EntityType == dump).Take(40))
                output.WriteLine($"FN {g.EntityType} '{text[g.Start..g.End]}' in: {text.ReplaceLineEndings(" ")}");
        }
        foreach (var (type, floor) in Floors)
            Assert.True(scores[type].F1 >= floor, $"{type} F1 {scores[type].F1:F3} fell below {floor}");
    }

    // Floors sit a little under the measured figures (see the report); the issue's target is 0.95 for the first six.
    private static readonly (string Type, double Floor)[] Floors =
    [
        ("CREDIT_CARD", 0.97), ("EMAIL", 0.97), ("IBAN", 0.97), ("US_SSN", 0.97), ("IP_ADDRESS", 0.97), ("PHONE", 0.96),
        ("URL", 0.97), ("US_DRIVER_LICENSE", 0.9), ("PERSON", 0.52), ("LOCATION", 0.32), ("ORGANIZATION", 0.2), ("STREET_ADDRESS", 0.28),
    ];
}
