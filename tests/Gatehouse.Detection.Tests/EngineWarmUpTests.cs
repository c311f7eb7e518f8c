using Gatehouse.Detection;

namespace Gatehouse.Detection.Tests;

public sealed class EngineWarmUpTests
{
    [Fact]
    public void FirstScanOfUnicodeTextAfterCreateDoesNotPayOneTimeCostsInsideItsBudget()
    {
        // Create() pays regex construction and JIT up front; a scan right after it must fit a tight budget even when
        // the text takes the Unicode paths (zero-width, accented capitals) that build the non-backtracking regexes.
        var engine = DetectionEngine.Create(new DetectionOptions { TimeBudget = TimeSpan.FromMilliseconds(250) });
        var findings = engine.Scan("Sehr geehrte Frau Dr. Ängström, meine E-Mail ist a\u200Bnne@example.com.");
        Assert.Contains(findings, f => f.EntityType == "EMAIL");
    }
}
