using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Gatehouse.Policy;
using Gatehouse.Policy.Ast;
using Gatehouse.Policy.Conformance;
using Gatehouse.Policy.Eval;
using Gatehouse.Policy.Values;

namespace Gatehouse.Cli.Commands;

/// <summary><c>gatehouse policy check|eval|test|conformance</c>: work with Rego policies from the command line.</summary>
internal static class PolicyCommands
{
    public static Command Create()
    {
        var policy = new Command("policy", "Check, evaluate and test Rego policies.");
        policy.Subcommands.Add(Check());
        policy.Subcommands.Add(Eval());
        policy.Subcommands.Add(Test());
        policy.Subcommands.Add(Conformance());
        return policy;
    }

    private static Command Check()
    {
        var paths = new Argument<string[]>("paths") { Description = "Policy directories or files", Arity = ArgumentArity.OneOrMore };
        var command = new Command("check", "Parse and compile policies; print file:line:col errors.") { paths };
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            try
            {
                var engine = PolicyEngine.Load(parseResult.GetValue(paths)!);
                output.WriteLine($"ok: {engine.Policy.Modules.Count} modules, revision {engine.Revision[..12]}");
                return 0;
            }
            catch (PolicyLoadException e)
            {
                foreach (var line in e.Errors) error.WriteLine(line);
                return 1;
            }
        });
        return command;
    }

    private static Command Eval()
    {
        var data = new Option<string[]>("--data", "-d") { Description = "Policy or data file or directory (repeatable)", Arity = ArgumentArity.ZeroOrMore };
        var input = new Option<string?>("--input", "-i") { Description = "Input document (JSON or YAML file)" };
        var strict = new Option<bool>("--strict-builtin-errors") { Description = "Fail on builtin errors instead of treating them as undefined" };
        var query = new Argument<string>("query") { Description = "The Rego query, e.g. data.gatehouse.decision" };
        var command = new Command("eval", "Evaluate a query and print the result set as opa eval --format json does.") { data, input, strict, query };
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            PolicyEngine engine;
            Value? inputValue = null;
            try
            {
                engine = PolicyEngine.Load(parseResult.GetValue(data) ?? []);
                if (parseResult.GetValue(input) is { } inputPath) inputValue = ReadDocument(inputPath);
            }
            catch (PolicyLoadException e)
            {
                foreach (var line in e.Errors) error.WriteLine(line);
                return 2;
            }
            catch (InputException e)
            {
                error.WriteLine(e.Message);
                return 2;
            }
            try
            {
                // print output goes to stderr, as with opa eval, so that stdout stays the JSON result set.
                var options = new QueryOptions { StrictBuiltinErrors = parseResult.GetValue(strict), Print = error.WriteLine };
                var result = engine.Query(parseResult.GetValue(query)!, inputValue, options);
                output.WriteLine(ResultJson(result));
                return 0;
            }
            catch (RegoException e)
            {
                foreach (var line in e.Errors) error.WriteLine(line);
                return 2;
            }
            catch (EvalException e)
            {
                error.WriteLine(e.Message);
                return 1;
            }
        });
        return command;
    }

    private sealed class InputException(string message) : Exception(message);

    private static Value ReadDocument(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: {e.Message}");
        }
        try
        {
            return path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
                ? ValueYaml.Parse(text)
                : ValueJson.Parse(text);
        }
        catch (JsonException e)
        {
            throw new InputException($"{path}:{(e.LineNumber ?? 0) + 1}:{(e.BytePositionInLine ?? 0) + 1}: invalid JSON: {e.Message}");
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new InputException($"{path}:{e.Start.Line}:{e.Start.Column}: invalid YAML: {e.Message}");
        }
    }

    /// <summary>The result set in the shape <c>opa eval --format json</c> prints; an undefined result is <c>{}</c>.</summary>
    internal static string ResultJson(QueryResult result)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            if (result.IsDefined)
            {
                writer.WriteStartArray("result");
                foreach (var solution in result.Solutions)
                {
                    writer.WriteStartObject();
                    writer.WriteStartArray("expressions");
                    foreach (var expression in solution.Expressions)
                    {
                        writer.WriteStartObject();
                        writer.WritePropertyName("value");
                        ValueJson.WriteJson(writer, expression.Value);
                        writer.WriteString("text", expression.Text);
                        writer.WriteStartObject("location");
                        writer.WriteNumber("row", expression.Location.Row);
                        writer.WriteNumber("col", expression.Location.Col);
                        writer.WriteEndObject();
                        writer.WriteEndObject();
                    }
                    writer.WriteEndArray();
                    if (solution.Bindings.Count > 0)
                    {
                        writer.WriteStartObject("bindings");
                        foreach (var (name, value) in solution.Bindings.OrderBy(b => b.Key, StringComparer.Ordinal))
                        {
                            writer.WritePropertyName(name);
                            ValueJson.WriteJson(writer, value);
                        }
                        writer.WriteEndObject();
                    }
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static Command Test()
    {
        var paths = new Argument<string[]>("paths") { Description = "Policy directories or files", Arity = ArgumentArity.OneOrMore };
        var junit = new Option<FileInfo?>("--junit") { Description = "Also write a JUnit XML report to this file" };
        var command = new Command("test", "Run test_ rules like opa test.") { paths, junit };
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            PolicyEngine engine;
            try
            {
                engine = PolicyEngine.Load(parseResult.GetValue(paths)!);
            }
            catch (PolicyLoadException e)
            {
                foreach (var line in e.Errors) error.WriteLine(line);
                return 2;
            }
            var results = PolicyTestRunner.Run(engine);
            foreach (var result in results)
            {
                var status = result.Passed ? "PASS" : result.Error is null ? "FAIL" : "ERROR";
                output.WriteLine($"{result.FullName}: {status} ({result.Duration.TotalMilliseconds:0.###}ms)");
                if (result.Error is not null) output.WriteLine($"  {result.Error}");
                foreach (var line in result.Printed) output.WriteLine($"  {line}");
            }
            var passed = results.Count(r => r.Passed);
            output.WriteLine(new string('-', 80));
            if (results.Count == 0) output.WriteLine("no tests found");
            if (passed > 0) output.WriteLine($"PASS: {passed}/{results.Count}");
            var failed = results.Count(r => !r.Passed && r.Error is null);
            var errored = results.Count(r => r.Error is not null);
            if (failed > 0) output.WriteLine($"FAIL: {failed}/{results.Count}");
            if (errored > 0) output.WriteLine($"ERROR: {errored}/{results.Count}");
            if (parseResult.GetValue(junit) is { } report) WriteJUnit(report, results);
            return passed == results.Count && results.Count > 0 ? 0 : 1;
        });
        return command;
    }

    private static void WriteJUnit(FileInfo file, IReadOnlyList<PolicyTestResult> results)
    {
        var suite = new XElement("testsuite",
            new XAttribute("name", "gatehouse policy test"),
            new XAttribute("tests", results.Count),
            new XAttribute("failures", results.Count(r => !r.Passed && r.Error is null)),
            new XAttribute("errors", results.Count(r => r.Error is not null)),
            results.Select(r => new XElement("testcase",
                new XAttribute("classname", r.Package),
                new XAttribute("name", r.Name),
                new XAttribute("time", r.Duration.TotalSeconds.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture)),
                r.Passed ? null
                    : r.Error is null ? new XElement("failure", new XAttribute("message", "test evaluated to false or undefined"))
                    : new XElement("error", new XAttribute("message", r.Error)))));
        new XDocument(new XElement("testsuites", suite)).Save(file.FullName);
    }

    private static Command Conformance()
    {
        var root = new Argument<DirectoryInfo>("dir") { Description = "Root of the OPA YAML conformance cases" };
        var failures = new Option<bool>("--failures") { Description = "Print why each failing case failed" };
        var writePassing = new Option<FileInfo?>("--write-passing") { Description = "Write the ids of passing cases to this file" };
        var command = new Command("conformance", "Run OPA's YAML conformance cases and report pass/fail per directory.") { root, failures, writePassing };
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var directory = parseResult.GetValue(root)!;
            if (!directory.Exists)
            {
                error.WriteLine($"{directory.FullName}: no such directory");
                return 2;
            }
            var outcomes = ConformanceSuite.RunAll(ConformanceSuite.LoadCases(directory.FullName), TimeSpan.FromSeconds(5));
            foreach (var group in outcomes.GroupBy(o => o.Case.Directory).OrderBy(g => g.Key, StringComparer.Ordinal))
                output.WriteLine($"{group.Key}: {group.Count(o => o.Passed)}/{group.Count()}");
            if (parseResult.GetValue(failures))
                foreach (var outcome in outcomes.Where(o => !o.Passed))
                    output.WriteLine($"FAIL {outcome.Case.Id}: {outcome.Failure}");
            if (parseResult.GetValue(writePassing) is { } file)
                File.WriteAllLines(file.FullName, outcomes.Where(o => o.Passed).Select(o => o.Case.Id).Order(StringComparer.Ordinal));
            var passed = outcomes.Count(o => o.Passed);
            output.WriteLine($"conformance: {passed} passed, {outcomes.Count - passed} failed");
            return passed == outcomes.Count ? 0 : 1;
        });
        return command;
    }
}
