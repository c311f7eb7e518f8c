using System.CommandLine;
using Gatehouse.Governance.Models;
using Gatehouse.Governance.Models.Gate;
using Gatehouse.Governance.Models.RedTeam;

namespace Gatehouse.Cli.Commands;

/// <summary>
/// <c>gatehouse redteam --model ALIAS --suite FILE</c>: sends a suite's synthetic prompts through a running gateway,
/// checks each answer against its expectation, prints one line per case, optionally writes JUnit XML and stores the
/// result against a registered model version so the deployment gate sees it. Exit 0 all passed, 1 a case failed,
/// 2 bad suite or usage.
/// </summary>
internal static class RedTeamCommands
{
    /// <summary>Where the gateway is looked for when neither <c>--gateway</c> nor <c>$GATEHOUSE_URL</c> says.</summary>
    public const string DefaultGateway = "http://127.0.0.1:8080";

    public static Command Create()
    {
        var data = CommonOptions.Data();
        var model = new Option<string>("--model") { Description = "Model alias to send the prompts to", Required = true };
        var suite = new Option<string>("--suite") { Description = "Suite file (YAML), e.g. policies/redteam/default.yaml", Required = true };
        var gateway = new Option<string?>("--gateway") { Description = $"Gateway URL (default: $GATEHOUSE_URL, else {DefaultGateway})" };
        var key = new Option<string?>("--key") { Description = "Gateway API key (default: $GATEHOUSE_API_KEY)" };
        var junit = new Option<string?>("--junit") { Description = "Write a JUnit XML report to this file" };
        var record = new Option<string?>("--record") { Description = "Store the result against this registered version, NAME@VERSION (the gate reads it)" };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for each answer", DefaultValueFactory = _ => 60 };
        var command = new Command("redteam", "Run a red-team suite through a running gateway and check every answer")
        {
            data, model, suite, gateway, key, junit, record, timeout,
        };
        command.SetAction((parse, cancel) => ModelCommandRunner.Run(parse, async output =>
        {
            var error = parse.InvocationConfiguration.Error;
            RedTeamSuite loaded;
            try
            {
                loaded = RedTeamSuiteLoader.Load(parse.GetValue(suite)!);
            }
            catch (RedTeamSuiteException e)
            {
                foreach (var problem in e.Errors)
                    await error.WriteLineAsync(problem);
                await error.WriteLineAsync($"error: {e.Message}");
                return ModelExitCodes.InputError;
            }
            var apiKey = parse.GetValue(key) ?? Environment.GetEnvironmentVariable("GATEHOUSE_API_KEY");
            if (string.IsNullOrWhiteSpace(apiKey))
                throw new ModelGovernanceException(ModelErrorKind.InvalidReference, "a gateway API key is needed: pass --key or set GATEHOUSE_API_KEY");
            var url = parse.GetValue(gateway) ?? Environment.GetEnvironmentVariable("GATEHOUSE_URL") ?? DefaultGateway;
            if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUri) || (baseUri.Scheme != "http" && baseUri.Scheme != "https"))
                throw new ModelGovernanceException(ModelErrorKind.InvalidReference, $"--gateway must be an http(s) URL, not '{url}'");
            ModelReference? target = parse.GetValue(record) is { } r ? ModelReference.Parse(r) : null;
            await using var audited = target is null ? null : AuditedRegistry.Open(parse.GetValue(data)!.FullName);
            if (target is not null)
                audited!.Registry.Get(target.Value); // refuse an unknown version before sending anything

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(timeout))) };
            var runner = new RedTeamRunner(http, baseUri, apiKey);
            var alias = parse.GetValue(model)!;
            output.WriteLine($"red-team suite {loaded.Name} ({loaded.Cases.Count} case(s)) against model {alias} at {baseUri}");
            var report = await runner.RunAsync(loaded, alias, result => output.WriteLine(
                $"{(result.Passed ? "pass" : "FAIL")}  {result.Case.Id,-36} expect {result.Case.Expect.ToString().ToLowerInvariant(),-8} got {result.Outcome,-7} {result.Reason}"),
                cancel);
            output.WriteLine($"{report.Passed} passed, {report.Failed} failed of {report.Results.Count}");
            string? junitPath = null;
            if (parse.GetValue(junit) is { } path)
            {
                JUnitReportWriter.Write(report, path);
                junitPath = Path.GetFullPath(path);
                output.WriteLine($"wrote JUnit report to {path}");
            }
            if (target is not null)
            {
                await new RedTeamResultStore(audited!.Registry).RecordAsync(target.Value, loaded.Name, loaded.Sha256, report.Passed, report.Failed,
                    junitPath, ModelCommandIdentity.Current(), cancel);
                output.WriteLine($"recorded against {target}");
            }
            return report.Failed == 0 ? ModelExitCodes.Ok : ModelExitCodes.CheckFailed;
        }));
        return command;
    }
}
