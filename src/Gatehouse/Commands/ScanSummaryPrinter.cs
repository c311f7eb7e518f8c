using System.Globalization;
using Gatehouse.Governance.Datasets.Reports;

namespace Gatehouse.Cli.Commands;

/// <summary>Prints a scan's summary as plain aligned text: totals, counts by entity type and by file, findings, errors, verdict.</summary>
internal static class ScanSummaryPrinter
{
    public static void Print(ScanReport report, TextWriter output, int listFindings)
    {
        var r = report.Result;
        var seconds = Math.Max(r.Elapsed.TotalSeconds, 1e-6);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Scanned {r.Files.Count} file(s), {r.TotalBytes:N0} bytes, {r.TotalRows:N0} rows in {r.Elapsed.TotalSeconds:0.00}s ({r.TotalBytes / 1e6 / seconds:0.0} MB/s): {r.TotalFindings:N0} finding(s), {r.InputErrors.Count} input error(s)"));
        if (r.FindingsByType.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("By entity type:");
            foreach (var (type, count) in r.FindingsByType.OrderByDescending(p => p.Value))
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {type,-24} {count,10:N0}"));
            output.WriteLine("By file:");
            foreach (var file in r.Files.Where(f => f.Findings > 0).OrderByDescending(f => f.Findings))
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {file.File,-40} {file.Findings,10:N0}  ({string.Join(", ", file.FindingsByType.Select(p => $"{p.Key} {p.Value}"))})"));
        }
        if (r.Findings.Count > 0 && listFindings > 0)
        {
            output.WriteLine();
            output.WriteLine("Findings:");
            foreach (var f in r.Findings.Take(listFindings))
            {
                var field = f.Field is null ? "" : $" [{f.Field}]";
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {f.File}:{f.Line} row {f.Row}{field} @{f.Offset}: {f.EntityType} {f.Value} (score {f.Score:0.00})"));
            }
            if (r.TotalFindings > listFindings)
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ... {r.TotalFindings - Math.Min(listFindings, r.Findings.Count):N0} more (see --json/--sarif)"));
        }
        if (r.InputErrors.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Input errors:");
            foreach (var e in r.InputErrors)
                output.WriteLine($"  {e}");
        }
        output.WriteLine();
        if (!report.Decision.Passed)
        {
            foreach (var v in report.Decision.Violations)
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FAIL {v.EntityType}: {v.Count:N0} found, {v.Limit}"));
        }
        output.WriteLine(report.ExitCode switch
        {
            ScanExitCodes.ThresholdsFailed => "Result: findings over thresholds (exit 1)",
            ScanExitCodes.InputErrors => "Result: within thresholds, but some input could not be read (exit 2)",
            _ => "Result: clean (exit 0)",
        });
    }
}
