using System.Globalization;
using System.Net;
using System.Text;

namespace Gatehouse.Governance.Datasets.Reports;

/// <summary>
/// A self-contained HTML report: inline CSS, inline SVG bar charts (findings by entity type and by file), tables of
/// findings and input errors. No scripts, no external assets; every piece of data is HTML-encoded, because dataset
/// content (field names, masked values, file names) is untrusted.
/// </summary>
public static class HtmlScanReport
{
    private const int MaxRows = 1000;

    /// <summary>Writes <paramref name="report"/> as HTML.</summary>
    public static void Write(ScanReport report, Stream output)
    {
        using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true);
        writer.Write(Render(report));
    }

    /// <summary>Renders <paramref name="report"/> as an HTML document.</summary>
    public static string Render(ScanReport report)
    {
        var r = report.Result;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Gatehouse dataset scan</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
            .Append("td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}th{background:#f3f3f3}.fail{color:#b00020}.ok{color:#1b7f3b}")
            .Append("svg text{font-size:12px}</style></head><body>");
        html.Append("<h1>Gatehouse dataset scan</h1>");
        var verdict = report.ExitCode switch { 1 => ("fail", "Findings over thresholds"), 2 => ("fail", "Input errors"), _ => ("ok", "Clean") };
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"{verdict.Item1}\"><strong>{E(verdict.Item2)}</strong> (exit {report.ExitCode})</p>");
        html.Append(CultureInfo.InvariantCulture, $"<p>{r.Files.Count} file(s), {r.TotalBytes:N0} bytes, {r.TotalRows:N0} rows, {r.TotalFindings:N0} finding(s), {r.InputErrors.Count} input error(s), {r.Elapsed.TotalSeconds:0.00}s. Started {E(report.StartedAt.ToString("u", CultureInfo.InvariantCulture))}.</p>");
        foreach (var v in report.Decision.Violations)
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"fail\">{E(v.EntityType)}: {v.Count:N0} found, {E(v.Limit)}</p>");
        html.Append("<h2>By entity type</h2>").Append(BarChart(r.FindingsByType.Select(p => (p.Key, p.Value))));
        html.Append("<h2>By file</h2>").Append(BarChart(r.Files.Where(f => f.Findings > 0).Select(f => (f.File, f.Findings))));
        html.Append("<h2>Findings</h2><table><tr><th>File</th><th>Line</th><th>Row</th><th>Field</th><th>Offset</th><th>Type</th><th>Score</th><th>Value</th></tr>");
        foreach (var f in r.Findings.Take(MaxRows))
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(f.File)}</td><td>{f.Line}</td><td>{f.Row}</td><td>{E(f.Field ?? "")}</td><td>{f.Offset}</td><td>{E(f.EntityType)}</td><td>{f.Score:0.00}</td><td>{E(f.Value)}</td></tr>");
        html.Append("</table>");
        if (r.TotalFindings > MaxRows)
            html.Append(CultureInfo.InvariantCulture, $"<p>Showing {Math.Min(MaxRows, r.Findings.Count)} of {r.TotalFindings:N0} findings; the JSON and SARIF reports list more.</p>");
        if (r.InputErrors.Count > 0)
        {
            html.Append("<h2>Input errors</h2><table><tr><th>File</th><th>Line</th><th>Kind</th><th>Message</th></tr>");
            foreach (var e in r.InputErrors)
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(e.File)}</td><td>{e.Line}</td><td>{E(e.Kind)}</td><td>{E(e.Message)}</td></tr>");
            html.Append("</table>");
        }
        return html.Append("</body></html>").ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    /// <summary>A horizontal bar chart as inline SVG; bars scale to the largest value.</summary>
    private static string BarChart(IEnumerable<(string Label, long Value)> data)
    {
        var rows = data.OrderByDescending(d => d.Value).Take(30).ToList();
        if (rows.Count == 0)
            return "<p>None.</p>";
        const int labelWidth = 260, barWidth = 400, rowHeight = 22;
        var max = Math.Max(1, rows.Max(r => r.Value));
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{labelWidth + barWidth + 80}\" height=\"{rows.Count * rowHeight + 4}\" role=\"img\">");
        for (var i = 0; i < rows.Count; i++)
        {
            var y = i * rowHeight + 2;
            var width = Math.Max(1, (int)(barWidth * rows[i].Value / (double)max));
            var label = rows[i].Label.Length > 40 ? "…" + rows[i].Label[^39..] : rows[i].Label;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth - 6}\" y=\"{y + 15}\" text-anchor=\"end\">{E(label)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{labelWidth}\" y=\"{y + 3}\" width=\"{width}\" height=\"{rowHeight - 6}\" fill=\"#3b6ea5\"><title>{E(rows[i].Label)}: {rows[i].Value}</title></rect>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth + width + 6}\" y=\"{y + 15}\">{rows[i].Value:N0}</text>");
        }
        return svg.Append("</svg>").ToString();
    }
}
