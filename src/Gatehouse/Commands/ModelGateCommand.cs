using System.CommandLine;
using System.Text.Json;
using Gatehouse.Governance.Models;
using Gatehouse.Governance.Models.Gate;
using Gatehouse.Policy;

namespace Gatehouse.Cli.Commands;

/// <summary>
/// <c>gatehouse model gate NAME@VERSION [--policy DIR] [--json]</c>: evaluates the deployment gate
/// (<c>data.gatehouse.deploy</c>), prints every check, records the decision in the registry and the audit log, and
/// exits 1 when the version is rejected.
/// </summary>
internal static class ModelGateCommand
{
    /// <summary>The bundle used when <c>--policy</c> is not given.</summary>
    public const string DefaultPolicyDirectory = "policies/default";

    public static Command Create(Option<DirectoryInfo> data, Func<ParseResult, string> actor)
    {
        var model = new Argument<string>("MODEL") { Description = "NAME@VERSION, for example support-slm@1.2.0" };
        var policy = new Option<string[]>("--policy")
        {
            Description = $"Policy bundle directory or .rego file(s) holding data.gatehouse.deploy (default: ./{DefaultPolicyDirectory})",
            Arity = ArgumentArity.ZeroOrMore, AllowMultipleArgumentsPerToken = true,
        };
        var json = new Option<bool>("--json") { Description = "Print the decision as JSON" };
        var command = new Command("gate", "Decide whether a model version may be deployed (data.gatehouse.deploy) and record the decision")
        {
            data, model, policy, json,
        };
        command.SetAction((parse, cancel) => ModelCommandRunner.Run(parse, async output =>
        {
            var reference = ModelReference.Parse(parse.GetValue(model)!);
            var engine = LoadPolicy(parse.GetValue(policy) is { Length: > 0 } paths ? paths : [DefaultPolicyDirectory]);
            await using var audited = AuditedRegistry.Open(parse.GetValue(data)!.FullName);
            var (decision, _) = await new ModelGate(audited.Registry, engine).EvaluateAsync(reference, actor(parse), cancel);
            if (parse.GetValue(json))
                output.WriteLine(JsonSerializer.Serialize(new
                {
                    model = reference.ToString(), allow = decision.Allowed,
                    checks = decision.Checks.Select(c => new { name = c.Name, passed = c.Passed, detail = c.Detail }),
                    policy_revision = decision.PolicyRevision, decided_at = decision.DecidedAt, actor = decision.Actor,
                }, ModelView.JsonOptions));
            else
                WriteTable(output, decision);
            return decision.Allowed ? ModelExitCodes.Ok : ModelExitCodes.CheckFailed;
        }));
        return command;
    }

    private static PolicyEngine LoadPolicy(string[] paths)
    {
        var missing = paths.Where(p => !Directory.Exists(p) && !File.Exists(p)).ToList();
        if (missing.Count > 0)
            throw new ModelGovernanceException(ModelErrorKind.MissingFile, $"policy bundle not found: {string.Join(", ", missing)} (give one with --policy DIR)");
        try
        {
            return PolicyEngine.Load(paths);
        }
        catch (PolicyLoadException e)
        {
            throw new ModelGovernanceException(ModelErrorKind.InvalidGatePolicy, "the policy bundle does not load:", e.Errors.Select(x => x.ToString()).ToList());
        }
    }

    private static void WriteTable(TextWriter output, GateDecision decision)
    {
        var width = Math.Max("CHECK".Length, decision.Checks.Count == 0 ? 0 : decision.Checks.Max(c => c.Name.Length));
        output.WriteLine($"{"CHECK".PadRight(width)}  RESULT  DETAIL");
        foreach (var check in decision.Checks)
            output.WriteLine($"{check.Name.PadRight(width)}  {(check.Passed ? "pass" : "FAIL"),-6}  {check.Detail}");
        var failed = decision.Checks.Count(c => !c.Passed);
        output.WriteLine(decision.Allowed
            ? $"{decision.Model}: gate passed ({decision.Checks.Count} check(s)); recorded at {decision.DecidedAt:O}"
            : $"{decision.Model}: gate REJECTED ({failed} of {decision.Checks.Count} check(s) failed); recorded at {decision.DecidedAt:O}");
    }
}
