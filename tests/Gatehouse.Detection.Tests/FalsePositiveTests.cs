using Gatehouse.Detection.Evaluation;
using Gatehouse.Testing;

namespace Gatehouse.Detection.Tests;

/// <summary>Ordinary prose and code, and the PII-free samples of pii-dev, must produce no findings of the identifier types.</summary>
public sealed class FalsePositiveTests
{
    private static readonly DetectionEngine Engine = DetectionEngine.Create();

    // Names and places are judged by surface cues and are out of scope for this zero-tolerance check. The dev set does
    // not label dates of birth at all ("It's 3/23/1940" after "your date of birth" is a sample without spans), so
    // DATE_OF_BIRTH is not judged against it either; the prose corpus checks it.
    private static readonly HashSet<string> Heuristic = ["PERSON", "LOCATION", "ORGANIZATION", "STREET_ADDRESS", "DATE_OF_BIRTH"];

    [Fact]
    public void OrdinaryProseAndCodeHaveNoFindings()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Corpus", "clean-prose.txt");
        foreach (var line in File.ReadLines(path))
        {
            var findings = Engine.Scan(line);
            Assert.True(findings.Count == 0, $"'{line}' → {string.Join(", ", findings.Select(f => $"{f.EntityType} '{line[f.Start..f.End]}'"))}");
        }
    }

    [Fact]
    public void PiiFreeDevSamplesHaveNoIdentifierFindings()
    {
        var samples = LabelledSample.LoadPiiDev(RepositoryPaths.SharedFile("datasets", "pii-dev", "generated_large.json"))
            .Where(s => s.Spans.Count == 0).ToList();
        Assert.NotEmpty(samples);
        foreach (var sample in samples)
        {
            var findings = Engine.Scan(sample.Text).Where(f => !Heuristic.Contains(f.EntityType)).ToList();
            Assert.True(findings.Count == 0, $"'{sample.Text}' → {string.Join(", ", findings.Select(f => $"{f.EntityType} '{sample.Text[f.Start..f.End]}'"))}");
        }
    }
}
