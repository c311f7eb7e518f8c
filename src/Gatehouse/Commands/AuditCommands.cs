using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Gatehouse.Audit;
using Gatehouse.Audit.Query;
using Gatehouse.Audit.Records;
using Gatehouse.Audit.Storage;

namespace Gatehouse.Cli.Commands;

/// <summary>
/// <c>gatehouse audit ...</c>: verify the log, sign and export checkpoints, prove inclusion, query, export, erase a
/// data subject, print the public key. Exit codes: 0 ok, 1 tampering found, 2 usage or input error.
/// </summary>
internal static class AuditCommands
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static Command Create()
    {
        var audit = new Command("audit", "The tamper-evident audit log: verify, checkpoint, prove, query, export, erase.");
        audit.Subcommands.Add(Verify());
        audit.Subcommands.Add(Checkpoint());
        audit.Subcommands.Add(Prove());
        audit.Subcommands.Add(Query());
        audit.Subcommands.Add(Export());
        audit.Subcommands.Add(Erase());
        audit.Subcommands.Add(PublicKey());
        return audit;
    }

    private static Command Verify()
    {
        var data = CommonOptions.Data();
        var witness = new Option<FileInfo?>("--checkpoint") { Description = "A signed checkpoint saved earlier (a witness) that the log must still match" };
        var command = new Command("verify", "Recompute the tree from the stored records and check it against every stored checkpoint") { data, witness };
        command.SetAction((parse, cancel) => WithLog(parse, data, readOnly: true, async (log, output) =>
        {
            string? witnessNote = null;
            if (parse.GetValue(witness) is { } file)
                witnessNote = file.Exists ? await File.ReadAllTextAsync(file.FullName, cancel) : throw new AuditOperationException($"{file.FullName}: no such checkpoint file");
            var report = log.Verify(witnessNote);
            foreach (var problem in report.Problems)
                await output.WriteLineAsync("TAMPERED " + problem);
            if (report.ProblemCount > report.Problems.Count)
                await output.WriteLineAsync($"... and {report.ProblemCount - report.Problems.Count} more problems");
            await output.WriteLineAsync(report.Ok
                ? $"OK: {report.RecordCount} records, {report.CheckpointsVerified} signed checkpoints verified (latest size {report.LatestCheckpointSize}), {report.UnsignedTail} records after the latest checkpoint" +
                  (report.WitnessVerified ? ", witness checkpoint matches" : "")
                : $"FAILED: {report.ProblemCount} problems in {report.RecordCount} records");
            return report.Ok ? 0 : 1;
        }));
        return command;
    }

    private static Command Checkpoint()
    {
        var data = CommonOptions.Data();
        var output = new Option<FileInfo?>("--out") { Description = "Write the signed checkpoint to this file instead of standard output" };
        var command = new Command("checkpoint", "Sign (if needed) and print the latest checkpoint, a C2SP signed note") { data, output };
        command.SetAction((parse, cancel) => WithLog(parse, data, readOnly: false, async (log, writer) =>
        {
            var note = await log.CheckpointAsync(cancel);
            await WriteOrSave(parse.GetValue(output), note, writer, cancel);
            return 0;
        }));
        return command;
    }

    private static Command Prove()
    {
        var data = CommonOptions.Data();
        var index = new Option<long>("--index") { Description = "The record's leaf index", Required = true };
        var command = new Command("prove", "Print an inclusion proof (JSON) for one record against the latest checkpoint") { data, index };
        command.SetAction((parse, cancel) => WithLog(parse, data, readOnly: true, async (log, output) =>
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(log.ProveInclusion(parse.GetValue(index)), Indented));
            return 0;
        }));
        return command;
    }

    private static Command Query()
    {
        var data = CommonOptions.Data();
        var filters = new QueryFilters();
        var limit = new Option<int>("--limit") { Description = "At most this many records", DefaultValueFactory = _ => 100 };
        var cursor = new Option<string?>("--cursor") { Description = "Continue after the page that printed this cursor" };
        var format = new Option<string>("--format") { Description = "table or jsonl", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "jsonl");
        var command = new Command("query", "Find records by principal, tenant, model, decision and time (the read is itself audited)") { data, limit, cursor, format };
        filters.AddTo(command);
        command.SetAction((parse, cancel) => WithLog(parse, data, readOnly: false, async (log, output) =>
        {
            var query = filters.Read(parse) with { Limit = parse.GetValue(limit), Cursor = parse.GetValue(cursor) };
            var page = await log.QueryAsync(query, filters.Actor(parse), cancel);
            if (parse.GetValue(format) == "jsonl")
            {
                foreach (var entry in page.Entries)
                    await output.WriteLineAsync(entry.LeafJson);
            }
            else
            {
                await output.WriteLineAsync($"{"INDEX",7}  {"TIME (UTC)",-20}  {"KIND",-11}  {"PRINCIPAL",-16}  {"TENANT",-10}  {"MODEL",-16}  DECISION/ACTION");
                foreach (var entry in page.Entries)
                    await output.WriteLineAsync(TableRow(entry));
            }
            if (page.NextCursor is not null)
                await parse.InvocationConfiguration.Error.WriteLineAsync($"more results: --cursor {page.NextCursor}");
            return 0;
        }));
        return command;
    }

    private static Command Export()
    {
        var data = CommonOptions.Data();
        var filters = new QueryFilters();
        var output = new Option<FileInfo?>("--out") { Description = "Write JSONL to this file instead of standard output" };
        var command = new Command("export", "Stream matching records as JSONL, exactly as committed (the export is itself audited)") { data, output };
        filters.AddTo(command);
        command.SetAction((parse, cancel) => WithLog(parse, data, readOnly: false, async (log, writer) =>
        {
            var entries = await log.ExportAsync(filters.Read(parse), filters.Actor(parse), cancel);
            var file = parse.GetValue(output);
            await using var fileWriter = file is null ? null : new StreamWriter(file.FullName);
            var target = (TextWriter?)fileWriter ?? writer;
            foreach (var entry in entries)
                await target.WriteLineAsync(entry.LeafJson);
            return 0;
        }));
        return command;
    }

    private static Command Erase()
    {
        var data = CommonOptions.Data();
        var subject = new Option<string>("--subject") { Description = "The data subject (principal or subject id) whose payloads to destroy", Required = true };
        var actor = new Option<string>("--actor") { Description = "Who requests the erasure (recorded)", DefaultValueFactory = _ => Environment.UserName };
        var command = new Command("erase", "Destroy a data subject's payload keys (GDPR Art. 17); the log still verifies") { data, subject, actor };
        command.SetAction((parse, cancel) => WithLog(parse, data, readOnly: false, async (log, output) =>
        {
            var index = await log.EraseSubjectAsync(parse.GetValue(subject)!, parse.GetValue(actor)!, cancel);
            var record = (AdminRecord)log.ExportEntry(index).Record;
            await output.WriteLineAsync($"erased: {record.Details["keysDestroyed"]} payload keys destroyed; erasure recorded at index {index} as {record.Target}");
            return 0;
        }));
        return command;
    }

    private static Command PublicKey()
    {
        var data = CommonOptions.Data();
        var output = new Option<FileInfo?>("--out") { Description = "Write the verifier key to this file" };
        var command = new Command("public-key", "Print the log's verifier key (name+hash+base64) for auditors and witnesses") { data, output };
        command.SetAction((parse, cancel) => WithLog(parse, data, readOnly: true, async (log, writer) =>
        {
            await WriteOrSave(parse.GetValue(output), log.PublicKey + "\n", writer, cancel);
            return 0;
        }));
        return command;
    }

    /// <summary>Opens the log, runs the verb, and turns refusals and store errors into exit code 2 with a clear message.</summary>
    private static async Task<int> WithLog(ParseResult parse, Option<DirectoryInfo> data, bool readOnly, Func<AuditLog, TextWriter, Task<int>> verb)
    {
        var error = parse.InvocationConfiguration.Error;
        var directory = parse.GetValue(data)!.FullName;
        try
        {
            await using var log = AuditLog.Open(directory, new AuditOptions { ReadOnly = readOnly });
            return await verb(log, parse.InvocationConfiguration.Output);
        }
        catch (Exception e) when (e is AuditStoreException or AuditOperationException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync("error: " + e.Message);
            return 2;
        }
    }

    private static async Task WriteOrSave(FileInfo? file, string text, TextWriter output, CancellationToken cancel)
    {
        if (file is null)
            await output.WriteAsync(text);
        else
            await File.WriteAllTextAsync(file.FullName, text, cancel);
    }

    private static string TableRow(AuditEntry entry)
    {
        var r = entry.Record;
        var (kind, model, what) = r switch
        {
            InteractionRecord i => ("interaction", i.ModelAlias ?? "", i.Decision ?? ""),
            AdminRecord a => ("admin", "", a.Action),
            _ => ("?", "", ""),
        };
        return $"{entry.Index,7}  {r.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),-20}  {kind,-11}  {r.Principal,-16}  {r.Tenant,-10}  {model,-16}  {what}";
    }

    /// <summary>The filter options query and export share.</summary>
    private sealed class QueryFilters
    {
        private readonly Option<string?> _principal = new("--principal") { Description = "Only this principal" };
        private readonly Option<string?> _tenant = new("--tenant") { Description = "Only this tenant" };
        private readonly Option<string?> _model = new("--model") { Description = "Only this model alias" };
        private readonly Option<string?> _decision = new("--decision") { Description = "Only this decision (allow, deny, ...)" };
        private readonly Option<DateTimeOffset?> _since = new("--since") { Description = "Only records at or after this time (ISO 8601)" };
        private readonly Option<DateTimeOffset?> _until = new("--until") { Description = "Only records before this time (ISO 8601)" };
        private readonly Option<string> _actor = new("--actor") { Description = "Who is reading (recorded)", DefaultValueFactory = _ => Environment.UserName };

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { _principal, _tenant, _model, _decision, _since, _until, _actor })
                command.Options.Add(option);
        }

        public AuditQuery Read(ParseResult parse) => new()
        {
            Principal = parse.GetValue(_principal),
            Tenant = parse.GetValue(_tenant),
            Model = parse.GetValue(_model),
            Decision = parse.GetValue(_decision),
            Since = parse.GetValue(_since),
            Until = parse.GetValue(_until),
        };

        public string Actor(ParseResult parse) => parse.GetValue(_actor)!;
    }
}
