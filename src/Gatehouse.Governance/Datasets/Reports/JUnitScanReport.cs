using System.Globalization;
using System.Xml;

namespace Gatehouse.Governance.Datasets.Reports;

/// <summary>
/// JUnit XML, for CI systems that show test results: one test suite, one test case per scanned file (failed when it
/// holds findings of a type over its threshold), one per input error (as an error), and one for the thresholds.
/// </summary>
public static class JUnitScanReport
{
    /// <summary>Writes <paramref name="report"/> as JUnit XML.</summary>
    public static void Write(ScanReport report, Stream output)
    {
        var r = report.Result;
        var failing = report.Decision.Violations.Select(v => v.EntityType).ToHashSet(StringComparer.Ordinal);
        var failedFiles = r.Files.Where(f => f.FindingsByType.Keys.Any(failing.Contains)).ToList();
        using var xml = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false) });
        xml.WriteStartElement("testsuites");
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", "gatehouse dataset scan");
        xml.WriteAttributeString("tests", (r.Files.Count + r.InputErrors.Count + 1).ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", (failedFiles.Count + (report.Decision.Passed ? 0 : 1)).ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("errors", r.InputErrors.Count.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("time", r.Elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture));
        foreach (var file in r.Files)
        {
            xml.WriteStartElement("testcase");
            xml.WriteAttributeString("classname", "dataset");
            xml.WriteAttributeString("name", file.File);
            if (failedFiles.Contains(file))
            {
                xml.WriteStartElement("failure");
                xml.WriteAttributeString("message", string.Join(", ", file.FindingsByType.Select(p => $"{p.Key}: {p.Value}")));
                foreach (var finding in r.Findings.Where(f => f.File == file.File && failing.Contains(f.EntityType)).Take(100))
                    xml.WriteString($"{finding.File}:{finding.Line} row {finding.Row} {finding.Field} {finding.EntityType} {finding.Value}\n");
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        foreach (var error in r.InputErrors)
        {
            xml.WriteStartElement("testcase");
            xml.WriteAttributeString("classname", "input");
            xml.WriteAttributeString("name", $"{error.File}:{error.Line}");
            xml.WriteStartElement("error");
            xml.WriteAttributeString("type", error.Kind);
            xml.WriteAttributeString("message", error.Message);
            xml.WriteEndElement();
            xml.WriteEndElement();
        }
        xml.WriteStartElement("testcase");
        xml.WriteAttributeString("classname", "thresholds");
        xml.WriteAttributeString("name", "findings within thresholds");
        if (!report.Decision.Passed)
        {
            xml.WriteStartElement("failure");
            xml.WriteAttributeString("message", string.Join("; ", report.Decision.Violations.Select(v => $"{v.EntityType}: {v.Count} found, {v.Limit}")));
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();
    }
}
