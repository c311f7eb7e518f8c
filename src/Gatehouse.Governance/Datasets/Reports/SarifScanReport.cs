using System.Text.Json;
using Gatehouse.Governance.Datasets.Scanning;

namespace Gatehouse.Governance.Datasets.Reports;

/// <summary>
/// SARIF 2.1.0, so code-scanning UIs show findings on the dataset files: one rule per entity type, one result per
/// finding (level <c>error</c> for types over their threshold, <c>warning</c> otherwise), and input errors as
/// tool execution notifications.
/// </summary>
public static class SarifScanReport
{
    /// <summary>The SARIF schema this writer targets.</summary>
    public const string Schema = "https://json.schemastore.org/sarif-2.1.0.json";

    /// <summary>Writes <paramref name="report"/> as SARIF.</summary>
    public static void Write(ScanReport report, Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        var failing = report.Decision.Violations.Select(v => v.EntityType).ToHashSet(StringComparer.Ordinal);
        var ruleTypes = report.Result.FindingsByType.Keys.Order(StringComparer.Ordinal).ToArray();
        json.WriteStartObject();
        json.WriteString("$schema", Schema);
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();
        WriteTool(json, ruleTypes);
        WriteInvocation(json, report);
        json.WriteStartArray("results");
        foreach (var finding in report.Result.Findings)
            WriteResult(json, finding, Array.IndexOf(ruleTypes, finding.EntityType), failing.Contains(finding.EntityType));
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The rule id used for an entity type.</summary>
    public static string RuleId(string entityType) => $"gatehouse/{entityType}";

    private static void WriteTool(Utf8JsonWriter json, string[] ruleTypes)
    {
        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", "gatehouse");
        json.WriteString("informationUri", "https://gatehouse.dev");
        json.WriteStartArray("rules");
        foreach (var type in ruleTypes)
        {
            json.WriteStartObject();
            json.WriteString("id", RuleId(type));
            json.WriteString("name", type);
            json.WriteStartObject("shortDescription");
            json.WriteString("text", $"{type} found in dataset");
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteInvocation(Utf8JsonWriter json, ScanReport report)
    {
        json.WriteStartArray("invocations");
        json.WriteStartObject();
        json.WriteBoolean("executionSuccessful", report.Result.InputErrors.Count == 0);
        json.WriteStartArray("toolExecutionNotifications");
        foreach (var error in report.Result.InputErrors)
        {
            json.WriteStartObject();
            json.WriteString("level", "error");
            json.WriteStartObject("message");
            json.WriteString("text", $"{error.Kind}: {error.Message}");
            json.WriteEndObject();
            WriteLocations(json, error.File, error.Line, null);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
    }

    private static void WriteResult(Utf8JsonWriter json, DatasetFinding finding, int ruleIndex, bool failing)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", RuleId(finding.EntityType));
        json.WriteNumber("ruleIndex", ruleIndex);
        json.WriteString("level", failing ? "error" : "warning");
        json.WriteStartObject("message");
        var where = finding.Field is null ? "" : $" in {finding.Field}";
        json.WriteString("text", $"{finding.EntityType} ({finding.Value}) at row {finding.Row}{where}, offset {finding.Offset}, score {finding.Score:0.00}");
        json.WriteEndObject();
        WriteLocations(json, finding.File, finding.Line, finding);
        json.WriteStartObject("properties");
        json.WriteNumber("row", finding.Row);
        if (finding.Field is not null)
            json.WriteString("field", finding.Field);
        json.WriteNumber("offset", finding.Offset);
        json.WriteNumber("score", finding.Score);
        json.WriteString("detector", finding.DetectorId);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteLocations(Utf8JsonWriter json, string file, long line, DatasetFinding? finding)
    {
        json.WriteStartArray("locations");
        json.WriteStartObject();
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        json.WriteString("uri", Uri.EscapeDataString(file).Replace("%2F", "/", StringComparison.Ordinal));
        json.WriteEndObject();
        json.WriteStartObject("region");
        // SARIF lines are 1-based; Parquet has none, so its findings point at the file's first line.
        json.WriteNumber("startLine", Math.Max(1, line));
        if (finding is not null && finding.Field is null)
        {
            json.WriteNumber("startColumn", finding.Offset + 1);
            json.WriteNumber("endColumn", finding.Offset + finding.Length + 1);
        }
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
    }
}
