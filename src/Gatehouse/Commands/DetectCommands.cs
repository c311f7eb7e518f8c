using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gatehouse.Detection;
using Gatehouse.Detection.Evaluation;
using Gatehouse.Detection.Json;
using Gatehouse.Gateway.Configuration;

namespace Gatehouse.Cli.Commands;

/// <summary>
/// <c>gatehouse detect</c>: finds personal data and secrets in text, a JSON document or JSONL records, or scores the
/// detectors on labelled data (<c>--eval</c>). Exit 1 when something was found, 0 when clean, 2 on input errors.
/// Values are masked unless <c>--show-values</c>. Offsets are 0-based, end exclusive, in Unicode code points.
/// </summary>
internal static class DetectCommands
{
    public static Command Create()
    {
        var text = new Argument<string?>("text") { Description = "Text to scan (default: --file, --jsonl or standard input)", Arity = ArgumentArity.ZeroOrOne };
        var file = new Option<FileInfo?>("--file") { Description = "Scan this file (text, or a JSON document scanned by path)" };
        var jsonl = new Option<FileInfo?>("--jsonl") { Description = "Scan the \"text\" field of each JSON line; writes one {\"findings\":[...]} line per record" };
        var json = new Option<bool>("--json") { Description = "Write findings (or --eval scores) as JSON" };
        var showValues = new Option<bool>("--show-values") { Description = "Print found values instead of masked ones" };
        var eval = new Option<FileInfo?>("--eval") { Description = "Score the detectors on a labelled file in the pii-dev format (precision, recall, F1 per type)" };
        var config = new Option<FileInfo?>("--config") { Description = "gatehouse.yaml whose detection section (types, threshold, custom detectors) to use" };
        var command = new Command("detect", "Find personal data and secrets in text, JSON or JSONL, or score the detectors on labelled data")
        {
            text, file, jsonl, json, showValues, eval, config,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var sources = new object?[] { parseResult.GetValue(text), parseResult.GetValue(file), parseResult.GetValue(jsonl), parseResult.GetValue(eval) }.Count(s => s is not null);
            if (sources > 1)
            {
                await error.WriteLineAsync("detect: give only one of TEXT, --file, --jsonl or --eval").ConfigureAwait(false);
                return 2;
            }
            DetectionEngine engine;
            try
            {
                engine = CreateEngine(parseResult.GetValue(config));
            }
            catch (ConfigException e)
            {
                foreach (var problem in e.Problems)
                    await error.WriteLineAsync($"detect: {problem}").ConfigureAwait(false);
                return 2;
            }
            var printer = new DetectPrinter(output, parseResult.GetValue(json), parseResult.GetValue(showValues));
            try
            {
                if (parseResult.GetValue(eval) is { } labelled)
                    return Evaluate(engine, labelled, printer);
                if (parseResult.GetValue(jsonl) is { } lines)
                    return await ScanLinesAsync(engine, lines, printer, error, cancellationToken).ConfigureAwait(false);
                var input = parseResult.GetValue(text)
                    ?? (parseResult.GetValue(file) is { } f ? await File.ReadAllTextAsync(f.FullName, cancellationToken).ConfigureAwait(false) : await Console.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false));
                return printer.Print(Scan(engine, input)) ? 1 : 0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or JsonException or DetectionException)
            {
                await error.WriteLineAsync($"detect: {e.Message}").ConfigureAwait(false);
                return 2;
            }
        });
        return command;
    }

    private static DetectionEngine CreateEngine(FileInfo? configFile)
    {
        var detection = configFile is null ? DetectionConfig.Default : GatewayConfigLoader.Load(configFile.FullName).Detection;
        return DetectionEngine.Create(new DetectionOptions
        {
            EnabledEntityTypes = detection.EntityTypes,
            MinimumScore = detection.MinimumScore,
            TimeBudget = detection.TimeBudget,
            CustomDetectors = detection.CustomDetectors,
        });
    }

    /// <summary>A JSON object or array is scanned by path (every string); anything else as plain text.</summary>
    private static IReadOnlyList<DetectedValue> Scan(DetectionEngine engine, string input)
    {
        var trimmed = input.AsSpan().TrimStart();
        if (trimmed.Length > 0 && trimmed[0] is '{' or '[')
        {
            JsonNode? document = null;
            try
            {
                document = JsonNode.Parse(input);
            }
            catch (JsonException)
            {
                // Not JSON after all: plain text below.
            }
            if (document is not null)
                return ScanJson(engine, input);
        }
        return [.. engine.Scan(input).Select(f => DetectedValue.From(input, f, null))];
    }

    private static List<DetectedValue> ScanJson(DetectionEngine engine, string json)
    {
        // Every string in the document, whatever its field: a file on disk is not an OpenAI body. A root array is
        // wrapped so the one rule covers it; the wrapper's name is cut from the paths again.
        var recorder = new RecordingScanner(engine);
        var scanner = new JsonScanner(recorder, [new FieldRule("*", FieldRuleAction.Scan)]);
        var isArray = json.TrimStart().StartsWith('[');
        var values = new List<DetectedValue>();
        foreach (var finding in scanner.Scan(isArray ? "{\"_\":" + json + "}" : json))
            values.Add(DetectedValue.From(recorder.TextOf(finding.Finding), finding.Finding, isArray ? finding.Path[1..] : finding.Path));
        return values;
    }

    private static async Task<int> ScanLinesAsync(DetectionEngine engine, FileInfo file, DetectPrinter printer, TextWriter error, CancellationToken cancellationToken)
    {
        var found = false;
        var failed = false;
        var number = 0;
        await foreach (var line in File.ReadLinesAsync(file.FullName, cancellationToken).ConfigureAwait(false))
        {
            number++;
            string? recordText = null;
            try
            {
                recordText = JsonNode.Parse(line) is JsonObject record && record["text"] is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;
            }
            catch (JsonException)
            {
                // reported below
            }
            if (recordText is null)
            {
                // Keep one output line per input line so results stay aligned with the records.
                failed = true;
                await error.WriteLineAsync($"{file.FullName}:{number}: expected a JSON object with a string \"text\" field").ConfigureAwait(false);
                printer.PrintRecordError($"line {number}: expected a JSON object with a string \"text\" field");
                continue;
            }
            var findings = engine.Scan(recordText).Select(f => DetectedValue.From(recordText, f, null)).ToList();
            found |= findings.Count > 0;
            printer.PrintRecord(findings);
        }
        return failed ? 2 : found ? 1 : 0;
    }

    private static int Evaluate(DetectionEngine engine, FileInfo file, DetectPrinter printer)
    {
        var samples = LabelledSample.LoadPiiDev(file.FullName);
        var scores = new QualityEvaluator(engine).Evaluate(samples);
        printer.PrintScores(samples.Count, scores);
        return 0;
    }
}
