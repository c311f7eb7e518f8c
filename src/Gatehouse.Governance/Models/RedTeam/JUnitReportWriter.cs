using System.Globalization;
using System.Xml.Linq;

namespace Gatehouse.Governance.Models.RedTeam;

/// <summary>
/// Writes a red-team run as JUnit XML (the <c>testsuites/testsuite/testcase</c> shape CI servers read): one test case
/// per suite case, a <c>failure</c> element with the reason when it failed, <c>error</c> when the gateway failed.
/// </summary>
public static class JUnitReportWriter
{
    /// <summary>The report as an XML document.</summary>
    public static XDocument ToXml(RedTeamReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
        var errors = report.Results.Count(r => !r.Passed && r.Outcome == "error");
        var failures = report.Failed - errors;
        var total = report.Results.Aggregate(TimeSpan.Zero, (sum, r) => sum + r.Elapsed);
        var suite = new XElement("testsuite",
            new XAttribute("name", $"redteam.{report.Suite.Name}"),
            new XAttribute("tests", report.Results.Count),
            new XAttribute("failures", failures),
            new XAttribute("errors", errors),
            new XAttribute("skipped", 0),
            new XAttribute("time", Seconds(total)),
            new XAttribute("timestamp", report.StartedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
            new XElement("properties",
                new XElement("property", new XAttribute("name", "model"), new XAttribute("value", report.ModelAlias)),
                new XElement("property", new XAttribute("name", "suite_sha256"), new XAttribute("value", report.Suite.Sha256)),
                new XElement("property", new XAttribute("name", "suite_path"), new XAttribute("value", report.Suite.Path))),
            report.Results.Select(r => new XElement("testcase",
                new XAttribute("classname", $"redteam.{report.Suite.Name}.{r.Case.Category ?? "uncategorised"}"),
                new XAttribute("name", r.Case.Id),
                new XAttribute("time", Seconds(r.Elapsed)),
                r.Passed ? null : new XElement(r.Outcome == "error" ? "error" : "failure",
                    new XAttribute("message", r.Reason),
                    new XAttribute("type", $"expected-{r.Case.Expect.ToString().ToLowerInvariant()}"),
                    $"expected {r.Case.Expect.ToString().ToLowerInvariant()}, got {r.Outcome}" +
                    (r.StatusCode is { } s ? $" (HTTP {s})" : "") + $"\n{r.Reason}"),
                new XElement("system-out", $"expect: {r.Case.Expect.ToString().ToLowerInvariant()}; outcome: {r.Outcome}; {r.Reason}"))));
        return new XDocument(new XDeclaration("1.0", "utf-8", null),
            new XElement("testsuites", new XAttribute("name", "gatehouse redteam"), new XAttribute("tests", report.Results.Count),
                new XAttribute("failures", failures), new XAttribute("errors", errors), suite));
    }

    /// <summary>Writes the report to <paramref name="path"/>, creating its folder.</summary>
    public static void Write(RedTeamReport report, string path)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder)
            Directory.CreateDirectory(folder);
        ToXml(report).Save(path);
    }
}
