using System.Collections.Concurrent;
using Gatehouse.Detection.Evaluation;
using Gatehouse.Testing;

namespace Gatehouse.Detection.Tests;

/// <summary>
/// One engine shared by many threads (as the gateway and the dataset scanner share it) must give every text the
/// findings a sequential run gives it. PERSON once gave different findings for the same input between runs; shared
/// mutable state in a detector, a regex engine or a word list would show up here as a difference.
/// </summary>
public sealed class ParallelDeterminismTests
{
    [Fact]
    public void ParallelScansOfManyTextsMatchASequentialRun()
    {
        var texts = Texts();
        var engine = DetectionEngine.Create(new DetectionOptions { MinimumScore = 0, TimeBudget = TimeSpan.FromMinutes(1) });
        var expected = texts.Select(t => Describe(DetectionEngine.Create(engine.Options).Scan(t))).ToArray();
        Assert.Contains(expected, e => e.Contains("PERSON", StringComparison.Ordinal));

        var differences = new ConcurrentBag<string>();
        for (var pass = 0; pass < 3; pass++)
        {
            // A different order each pass, so threads meet different neighbours in the shared caches.
            var order = Enumerable.Range(0, texts.Length).OrderBy(i => (i * 7919 + pass * 104729) % texts.Length).ToArray();
            Parallel.ForEach(order, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(4, Environment.ProcessorCount) }, i =>
            {
                var actual = Describe(engine.Scan(texts[i]));
                if (actual != expected[i])
                    differences.Add($"pass {pass}, text {i} '{texts[i]}': sequential [{expected[i]}] parallel [{actual}]");
            });
        }
        Assert.True(differences.IsEmpty, string.Join("\n", differences.Take(5)));
    }

    private static string Describe(IReadOnlyList<Finding> findings) =>
        string.Join("; ", findings.Select(f => $"{f.EntityType} {f.Start}-{f.End} {f.Score:F2} {f.DetectorId}"));

    /// <summary>pii-dev samples, the prose corpus, and some samples again with evasion characters and accented words (text still non-ASCII after normalization takes other paths).</summary>
    private static string[] Texts()
    {
        var samples = LabelledSample.LoadPiiDev(RepositoryPaths.SharedFile("datasets", "pii-dev", "generated_small.json"))
            .Select(s => s.Text).ToList();
        samples.AddRange(File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Corpus", "clean-prose.txt")));
        var obfuscated = samples.Take(400).Select(t => t.Replace("a", "\u0430", StringComparison.Ordinal).Replace("0", "\uFF10", StringComparison.Ordinal) + " \u200B café Zürich");
        return [.. samples, .. obfuscated];
    }
}
