using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gatehouse.Detection;
using Gatehouse.Detection.Evaluation;
using Gatehouse.Detection.Operators;

namespace Gatehouse.Cli.Commands;

/// <summary>One finding as <c>gatehouse detect</c> reports it: offsets in Unicode code points, the value kept for printing.</summary>
/// <param name="Type">Entity type.</param>
/// <param name="Start">First code point, 0-based.</param>
/// <param name="End">One past the last code point.</param>
/// <param name="Score">Confidence.</param>
/// <param name="Value">The value found (printed masked unless --show-values).</param>
/// <param name="Path">JSON path of the string it is in, for JSON input.</param>
internal sealed record DetectedValue(string Type, int Start, int End, double Score, string Value, string? Path)
{
    /// <summary>Converts a finding with UTF-16 offsets into <paramref name="text"/>.</summary>
    public static DetectedValue From(string text, Finding finding, string? path) => new(
        finding.EntityType, CodePoints(text, finding.Start), CodePoints(text, finding.End), finding.Score, text[finding.Start..finding.End], path);

    private static int CodePoints(string text, int utf16End)
    {
        var count = 0;
        for (var i = 0; i < utf16End; i++, count++)
            if (char.IsHighSurrogate(text[i]) && i + 1 < utf16End && char.IsLowSurrogate(text[i + 1]))
                i++;
        return count;
    }
}

/// <summary>Remembers which text each finding came from, so JSON findings can show (masked) values.</summary>
internal sealed class RecordingScanner(ITextScanner inner) : ITextScanner
{
    private readonly Dictionary<Finding, string> _texts = new(ReferenceEqualityComparer.Instance);

    public IReadOnlyList<Finding> Scan(string text)
    {
        var findings = inner.Scan(text);
        foreach (var finding in findings)
            _texts[finding] = text;
        return findings;
    }

    /// <summary>The text <paramref name="finding"/> was found in.</summary>
    public string TextOf(Finding finding) => _texts[finding];
}

/// <summary>Writes <c>gatehouse detect</c> results as a table or as JSON.</summary>
internal sealed class DetectPrinter(TextWriter output, bool json, bool showValues)
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    /// <summary>Prints the findings of one input; returns whether there were any.</summary>
    public bool Print(IReadOnlyList<DetectedValue> findings)
    {
        if (json)
            output.WriteLine(Record(findings).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        else if (findings.Count == 0)
            output.WriteLine("No findings.");
        else
        {
            foreach (var f in findings)
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{f.Type,-24} {f.Start,6}-{f.End,-6} {f.Score,5:0.00}  {Shown(f)}{(f.Path is null ? "" : "  at " + f.Path)}"));
            output.WriteLine($"{findings.Count} finding{(findings.Count == 1 ? "" : "s")}.");
        }
        return findings.Count > 0;
    }

    /// <summary>One JSONL output line.</summary>
    public void PrintRecord(IReadOnlyList<DetectedValue> findings) => output.WriteLine(Record(findings).ToJsonString(Compact));

    /// <summary>The JSONL line for an input line that could not be read.</summary>
    public void PrintRecordError(string message) => output.WriteLine(new JsonObject { ["error"] = message }.ToJsonString(Compact));

    /// <summary>Per-type precision, recall and F1 on labelled data.</summary>
    public void PrintScores(int samples, IReadOnlyDictionary<string, EntityScore> scores)
    {
        var ordered = scores.Values.OrderBy(s => s.EntityType, StringComparer.Ordinal).ToList();
        if (json)
        {
            output.WriteLine(new JsonObject
            {
                ["samples"] = samples,
                ["entities"] = new JsonArray([.. ordered.Select(s => (JsonNode)new JsonObject
                {
                    ["type"] = s.EntityType, ["tp"] = s.TruePositives, ["fp"] = s.FalsePositives, ["fn"] = s.FalseNegatives,
                    ["precision"] = Math.Round(s.Precision, 4), ["recall"] = Math.Round(s.Recall, 4), ["f1"] = Math.Round(s.F1, 4),
                })]),
            }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return;
        }
        output.WriteLine($"{samples} samples");
        output.WriteLine($"{"TYPE",-20} {"TP",6} {"FP",6} {"FN",6} {"PRECISION",10} {"RECALL",8} {"F1",6}");
        foreach (var s in ordered)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{s.EntityType,-20} {s.TruePositives,6} {s.FalsePositives,6} {s.FalseNegatives,6} {s.Precision,10:0.000} {s.Recall,8:0.000} {s.F1,6:0.000}"));
    }

    private JsonObject Record(IReadOnlyList<DetectedValue> findings) => new()
    {
        ["findings"] = new JsonArray([.. findings.Select(f =>
        {
            var node = new JsonObject { ["type"] = f.Type, ["start"] = f.Start, ["end"] = f.End, ["score"] = Math.Round(f.Score, 4) };
            if (f.Path is not null)
                node["path"] = f.Path;
            if (json || showValues)
                node["value"] = Shown(f);
            return (JsonNode)node;
        })]),
    };

    private string Shown(DetectedValue f) => showValues ? f.Value : MaskOperator.Apply(f.Value, 4, '*');
}
