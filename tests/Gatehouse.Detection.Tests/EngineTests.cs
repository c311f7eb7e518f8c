using System.Diagnostics;
using Gatehouse.Detection.Detectors;

namespace Gatehouse.Detection.Tests;

public sealed class EngineTests
{
    private static readonly DetectionEngine Engine = DetectionEngine.Create();

    private sealed class ThrowingDetector : IDetector
    {
        public string Id => "throws";
        public IReadOnlyCollection<string> EntityTypes => ["BROKEN"];
        public int MaxLength => 10;
        public bool MayMatch(in TextFeatures features) => true;
        public void Detect(string text, List<Finding> sink) => throw new InvalidOperationException("boom");
    }

    private sealed class SlowDetector : IDetector
    {
        public string Id => "slow";
        public IReadOnlyCollection<string> EntityTypes => ["SLOW"];
        public int MaxLength => 10;
        public bool MayMatch(in TextFeatures features) => true;
        public void Detect(string text, List<Finding> sink) => Thread.Sleep(60);
    }

    [Fact]
    public void AThrowingDetectorFailsTheScanInsteadOfReturningNothing()
    {
        var engine = new DetectionEngine([new EmailDetector(), new ThrowingDetector()]);
        var e = Assert.Throws<DetectionException>(() => engine.Scan("mail a@example.com"));
        Assert.Equal("throws", e.DetectorId);
        Assert.Contains("boom", e.Message);
    }

    [Fact]
    public void ExceedingTheTimeBudgetFailsTheScan()
    {
        var engine = new DetectionEngine([new SlowDetector()], new DetectionOptions { TimeBudget = TimeSpan.FromMilliseconds(10) });
        var e = Assert.Throws<DetectionException>(() => engine.Scan("anything"));
        Assert.Contains("time budget", e.Message);
    }

    [Fact]
    public void FindingsCarryOriginalOffsetsThroughNormalization()
    {
        var text = "card: ４１１１\u200B １１１１ １１１１ １１１１ ok";
        var f = Assert.Single(Engine.Scan(text), x => x.EntityType == "CREDIT_CARD");
        Assert.Equal("４１１１\u200B １１１１ １１１１ １１１１", text[f.Start..f.End]);
    }

    [Fact]
    public void OverlapsAreResolvedByScoreThenLength()
    {
        var text = "https://deploy:Pa55w0rdX@git.example.com/r";
        var findings = Engine.Scan(text);
        Assert.Contains(findings, f => f.EntityType == "URL_CREDENTIALS");
        for (var i = 1; i < findings.Count; i++)
            Assert.True(findings[i].Start >= findings[i - 1].End, "findings overlap");
    }

    [Fact]
    public void OnlyEnabledTypesAreReported()
    {
        var engine = DetectionEngine.Create(new DetectionOptions { EnabledEntityTypes = new HashSet<string> { "EMAIL" } });
        var findings = engine.Scan("a@example.com 4111111111111111");
        Assert.All(findings, f => Assert.Equal("EMAIL", f.EntityType));
        Assert.Single(findings);
    }

    [Fact]
    public void CustomDetectorsUseTheirValidatorAndContext()
    {
        var engine = DetectionEngine.Create(new DetectionOptions
        {
            CustomDetectors = [new CustomDetectorOptions("EMPLOYEE_ID", @"\bEMP-(?<v>\d{16})\b", 0.4, "luhn", ["employee"], 0.3)],
            EnabledEntityTypes = new HashSet<string> { "EMPLOYEE_ID" },
        });
        Assert.Empty(engine.Scan("EMP-4111111111111111"));                          // score 0.4 < 0.5 without context
        var f = Assert.Single(engine.Scan("employee EMP-4111111111111111"));
        Assert.Equal("4111111111111111", "employee EMP-4111111111111111"[f.Start..f.End]);
        Assert.Empty(engine.Scan("employee EMP-4111111111111112"));                 // Luhn fails
    }

    [Fact]
    public void InvalidCustomDetectorConfigurationIsAClearError()
    {
        var e = Assert.Throws<ArgumentException>(() => DetectionEngine.Create(new DetectionOptions { CustomDetectors = [new("X", "(")] }));
        Assert.Contains("custom detector X", e.Message);
        Assert.Throws<ArgumentException>(() => DetectionEngine.Create(new DetectionOptions { CustomDetectors = [new("X", "a", Validator: "nope")] }));
    }

    [Fact]
    public void TooLongInputIsRefusedNotScannedPartially()
    {
        var engine = DetectionEngine.Create(new DetectionOptions { MaxTextLength = 100 });
        Assert.Throws<DetectionException>(() => engine.Scan(new string('a', 101)));
    }

    public static TheoryData<string> Hostile() => new()
    {
        new string('1', 200_000),
        string.Concat(Enumerable.Repeat("1 ", 100_000)),
        string.Concat(Enumerable.Repeat("a.", 100_000)) + "@",
        string.Concat(Enumerable.Repeat("password=", 20_000)),
        string.Concat(Enumerable.Repeat("Mr Aaaa ", 25_000)),
        string.Concat(Enumerable.Repeat("eyJhbGci.", 20_000)),
        "-----BEGIN PRIVATE KEY-----" + new string('A', 200_000),
        string.Concat(Enumerable.Repeat("ab:", 60_000)),
        string.Concat(Enumerable.Repeat("\u200B4", 50_000)),
    };

    // Every pattern is bounded, so these 200 KB inputs scan in linear time (tens of milliseconds on an idle core).
    // The generous limit only separates "linear" from "catastrophic backtracking" on a loaded CI machine.
    [Theory]
    [MemberData(nameof(Hostile))]
    public void PathologicalInputsFinishInLinearTime(string text)
    {
        var engine = DetectionEngine.Create(new DetectionOptions { TimeBudget = TimeSpan.FromMinutes(1) });
        _ = engine.Scan("warm up");
        var clock = Stopwatch.StartNew();
        _ = engine.Scan(text);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
    }

    [Fact]
    public void ConcurrentScansGiveTheSameResults()
    {
        const string text = "Mail jane@example.com, card 4111 1111 1111 1111, SSN 536-22-1234.";
        var expected = Engine.Scan(text);
        Parallel.For(0, 200, _ => Assert.Equal(expected, Engine.Scan(text)));
    }
}
