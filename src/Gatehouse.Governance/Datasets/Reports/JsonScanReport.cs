using System.Text.Json;
using System.Text.Json.Serialization;
using Gatehouse.Governance.Datasets.Readers;
using Gatehouse.Governance.Datasets.Scanning;
using Gatehouse.Governance.Datasets.Thresholds;

namespace Gatehouse.Governance.Datasets.Reports;

/// <summary>
/// The JSON report: the machine-readable record of a scan, also what <c>gatehouse dataset verify</c> reads back from
/// <c>.gatehouse/scan.json</c> next to a manifest.
/// </summary>
public static class JsonScanReport
{
    /// <summary>The report format version.</summary>
    public const int FormatVersion = 1;

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The report's shape on disk.</summary>
    public sealed record Document(
        int FormatVersion,
        string Tool,
        IReadOnlyList<string> Paths,
        DateTimeOffset StartedAt,
        double DurationSeconds,
        Totals Totals,
        IReadOnlyDictionary<string, long> FindingsByType,
        IReadOnlyList<FileScanSummary> Files,
        IReadOnlyList<DatasetFinding> Findings,
        bool FindingsTruncated,
        IReadOnlyList<InputError> InputErrors,
        bool Passed,
        IReadOnlyList<ThresholdViolation> Violations,
        int ExitCode);

    /// <summary>Totals of a scan.</summary>
    public sealed record Totals(int Files, long Bytes, long Rows, long Findings, int InputErrors);

    /// <summary>Builds the document for <paramref name="report"/>.</summary>
    public static Document ToDocument(ScanReport report)
    {
        var r = report.Result;
        return new Document(FormatVersion, "gatehouse", report.Paths, report.StartedAt, r.Elapsed.TotalSeconds,
            new Totals(r.Files.Count, r.TotalBytes, r.TotalRows, r.TotalFindings, r.InputErrors.Count),
            r.FindingsByType, r.Files, r.Findings, r.FindingsTruncated, r.InputErrors, report.Decision.Passed, report.Decision.Violations, report.ExitCode);
    }

    /// <summary>Writes the report as indented JSON.</summary>
    public static void Write(ScanReport report, Stream output) => JsonSerializer.Serialize(output, ToDocument(report), Options);

    /// <summary>Reads a report written by <see cref="Write"/>.</summary>
    /// <exception cref="JsonException">The file is not a scan report.</exception>
    public static Document Read(Stream input) =>
        JsonSerializer.Deserialize<Document>(input, Options) ?? throw new JsonException("empty scan report");
}
