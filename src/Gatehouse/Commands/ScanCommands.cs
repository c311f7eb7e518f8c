using System.CommandLine;
using Gatehouse.Detection;
using Gatehouse.Governance.Datasets.Readers;
using Gatehouse.Governance.Datasets.Reports;
using Gatehouse.Governance.Datasets.Scanning;
using Gatehouse.Governance.Datasets.Thresholds;
using Gatehouse.Policy;

namespace Gatehouse.Cli.Commands;

/// <summary>
/// <c>gatehouse scan PATH...</c>: scans datasets for personal data and secrets. Exit code 1 when findings break the
/// thresholds, else 2 when some input could not be read (or on usage errors), else 0.
/// </summary>
internal static class ScanCommands
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Files or directories to scan", Arity = ArgumentArity.OneOrMore };
        var include = new Option<string[]>("--include") { Description = "Glob of files to include inside directories (repeatable; default **/*)" };
        var exclude = new Option<string[]>("--exclude") { Description = "Glob of files to leave out inside directories (repeatable)" };
        var workers = new Option<int>("--workers") { Description = "Scanning threads (default: number of cores)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var showValues = new Option<bool>("--show-values") { Description = "Print found values instead of masked ones" };
        var json = new Option<FileInfo?>("--json") { Description = "Write the JSON report here (for verify: DATASET/.gatehouse/scan.json)" };
        var sarif = new Option<FileInfo?>("--sarif") { Description = "Write a SARIF 2.1.0 report here" };
        var junit = new Option<FileInfo?>("--junit") { Description = "Write a JUnit XML report here" };
        var html = new Option<FileInfo?>("--html") { Description = "Write a self-contained HTML report here" };
        var redactTo = new Option<DirectoryInfo?>("--redact-to") { Description = "Write redacted copies (same format and structure, values transformed by --operator) into this folder" };
        var redactOperator = RedactionSetup.OperatorOption();
        var data = CommonOptions.Data();
        var list = new Option<int>("--list") { Description = "Findings to print (default 20)", DefaultValueFactory = _ => 20 };

        var command = new Command("scan", "Scan datasets (JSONL, JSON, CSV/TSV, Parquet, text, gzip) for personal data and secrets")
        {
            paths, include, exclude, workers, showValues, json, sarif, junit, html, redactTo, redactOperator, data, list,
        };
        var detection = new DetectionSetup().AddTo(command);
        var thresholdSetup = new ThresholdSetup().AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            IScanThresholdPolicy rules;
            DetectionEngine engine;
            try
            {
                rules = thresholdSetup.Build(parseResult);
                engine = detection.Build(parseResult);
            }
            catch (Exception e) when (e is FormatException or IOException or PolicyLoadException)
            {
                await error.WriteLineAsync($"scan: {e.Message}").ConfigureAwait(false);
                return ScanExitCodes.InputErrors;
            }
            var options = new DatasetScanOptions { Workers = Math.Max(1, parseResult.GetValue(workers)), ShowValues = parseResult.GetValue(showValues) };
            var pathValues = parseResult.GetValue(paths) ?? [];
            var errors = new InputErrorLog();
            var files = DatasetFileFinder.Find(pathValues, parseResult.GetValue(include) ?? [], parseResult.GetValue(exclude) ?? [], errors);
            var started = DateTimeOffset.UtcNow;
            var counters = new ScanCounters();
            var scan = new DatasetScanner(engine, options).ScanAsync(files, errors, counters, cancellationToken);
            await ScanProgressDisplay.RunAsync(scan, counters, output, error, cancellationToken).ConfigureAwait(false);
            var result = await scan.ConfigureAwait(false);
            if (parseResult.GetValue(redactTo) is { } redactDirectory)
                RedactedCopies.Write(files, redactDirectory.FullName, engine,
                    RedactionSetup.Create(parseResult.GetValue(redactOperator)!, parseResult.GetValue(data)!.FullName), errors, options.Workers, output);
            if (errors.Count != result.InputErrors.Count)
                result = result with { InputErrors = errors.Snapshot() };
            var decision = rules.Evaluate(new ScanTotals(result.TotalRows, result.TotalBytes, result.FindingsByType, result.InputErrors.Count, result.Files));
            var report = new ScanReport(pathValues, started, result, decision);
            WriteReport(parseResult.GetValue(json), s => JsonScanReport.Write(report, s));
            WriteReport(parseResult.GetValue(sarif), s => SarifScanReport.Write(report, s));
            WriteReport(parseResult.GetValue(junit), s => JUnitScanReport.Write(report, s));
            WriteReport(parseResult.GetValue(html), s => HtmlScanReport.Write(report, s));
            ScanSummaryPrinter.Print(report, output, parseResult.GetValue(list));
            return report.ExitCode;
        });
        return command;
    }

    private static void WriteReport(FileInfo? file, Action<Stream> write)
    {
        if (file is null)
            return;
        file.Directory?.Create();
        using var stream = file.Create();
        write(stream);
    }
}
