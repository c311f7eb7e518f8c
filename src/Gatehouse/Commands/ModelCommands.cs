using System.CommandLine;
using System.Reflection;
using System.Text.Json;
using Gatehouse.Governance.Models;
using Gatehouse.Governance.Models.Bom;
using Gatehouse.Governance.Models.Cards;
using Gatehouse.Governance.Models.Gate;
using Gatehouse.Governance.Models.Registry;

namespace Gatehouse.Cli.Commands;

/// <summary>
/// <c>gatehouse model ...</c>: register model versions with lineage, datasets and card; approve, verify, list, show;
/// write the card template, check a card, print the gate facts, run the deployment gate, and export a CycloneDX ML-BOM.
/// Every verb that changes or checks the registry writes its events to the audit log in the same data directory.
/// </summary>
internal static class ModelCommands
{
    public static Command Create() => new("model", "Model registry: versions, lineage, cards, approvals, ML-BOM")
    {
        Register(), List(), Show(), Approve(), Verify(), Bom(), Facts(), Gate(), CardTemplate(), CardCheck(),
    };

    private static Command Gate() => ModelGateCommand.Create(CommonOptions.Data(), _ => DefaultIdentity());

    private static Command Register()
    {
        var data = CommonOptions.Data();
        var name = new Option<string>("--name") { Description = "Model name, for example support-slm", Required = true };
        var version = new Option<string>("--version") { Description = "Semantic version, for example 1.2.0", Required = true };
        var weights = new Option<string[]>("--weights")
        {
            Description = "Weight file(s); SHA-256 of each is recorded", Required = true, Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = true,
        };
        var baseModel = new Option<string?>("--base") { Description = "The registered parent model, NAME@VERSION" };
        var datasets = new Option<string[]>("--dataset")
        {
            Description = "gatehouse-dataset.yaml manifest(s) of the training data", Arity = ArgumentArity.ZeroOrMore, AllowMultipleArgumentsPerToken = true,
        };
        var card = new Option<string?>("--card") { Description = "Model card (Markdown with Hugging Face front matter)" };
        var registrant = new Option<string?>("--registrant") { Description = "Who registers it (default: $USER)" };
        var allowIncomplete = new Option<bool>("--allow-incomplete-card") { Description = "Register even if the card misses sections (the gate will refuse it)" };
        var command = new Command("register", "Register a model version") { data, name, version, weights, baseModel, datasets, card, registrant, allowIncomplete };
        command.SetAction((parse, cancel) => ModelCommandRunner.Run(parse, async output =>
        {
            var reference = new ModelReference(parse.GetValue(name)!, parse.GetValue(version)!);
            var registration = new ModelRegistration(reference, parse.GetValue(weights) ?? [],
                parse.GetValue(registrant) ?? DefaultIdentity(),
                parse.GetValue(baseModel) is { } b ? ModelReference.Parse(b) : null,
                parse.GetValue(datasets) ?? [], parse.GetValue(card), parse.GetValue(allowIncomplete));
            await using var audited = OpenAudited(parse, data);
            var model = await audited.Registry.RegisterAsync(registration, new HashProgressWriter(parse.InvocationConfiguration.Error), cancel);
            output.WriteLine($"registered {model.Reference} by {model.Registrant}: {model.Weights.Count} weight file(s), {model.Datasets.Count} dataset(s)" +
                (model.Base is { } parent ? $", base {parent}" : ""));
            foreach (var w in model.Weights)
                output.WriteLine($"  sha256 {w.Sha256}  {w.Path}");
            return ModelExitCodes.Ok;
        }));
        return command;
    }

    private static Command List()
    {
        var data = CommonOptions.Data();
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table" };
        var command = new Command("list", "List registered model versions") { data, json };
        command.SetAction((parse, _) => ModelCommandRunner.Run(parse, output =>
        {
            var models = OpenRegistry(parse, data).List();
            if (parse.GetValue(json))
                output.WriteLine(JsonSerializer.Serialize(models.Select(ModelView.Summary), ModelView.JsonOptions));
            else
                ModelView.WriteTable(output, models);
            return Task.FromResult(ModelExitCodes.Ok);
        }));
        return command;
    }

    private static Command Show()
    {
        var data = CommonOptions.Data();
        var model = ModelArgument();
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var command = new Command("show", "Show one model version with its lineage, datasets, weights and approvals") { data, model, json };
        command.SetAction((parse, _) => ModelCommandRunner.Run(parse, output =>
        {
            var lineage = OpenRegistry(parse, data).GetLineage(ModelReference.Parse(parse.GetValue(model)!));
            if (parse.GetValue(json))
                output.WriteLine(JsonSerializer.Serialize(ModelView.Detail(lineage), ModelView.JsonOptions));
            else
                ModelView.WriteDetail(output, lineage);
            return Task.FromResult(ModelExitCodes.Ok);
        }));
        return command;
    }

    private static Command Approve()
    {
        var data = CommonOptions.Data();
        var model = ModelArgument();
        var approver = new Option<string>("--approver") { Description = "Who approves (must not be the registrant)", Required = true };
        var note = new Option<string?>("--note") { Description = "Why, or what was reviewed" };
        var command = new Command("approve", "Approve a model version (four-eyes: not by its registrant)") { data, model, approver, note };
        command.SetAction((parse, cancel) => ModelCommandRunner.Run(parse, async output =>
        {
            var reference = ModelReference.Parse(parse.GetValue(model)!);
            await using var audited = OpenAudited(parse, data);
            var approval = await audited.Registry.ApproveAsync(reference, parse.GetValue(approver)!, parse.GetValue(note), cancel);
            output.WriteLine($"approved {reference} by {approval.Approver} at {approval.ApprovedAt:O}");
            return ModelExitCodes.Ok;
        }));
        return command;
    }

    private static Command Verify()
    {
        var data = CommonOptions.Data();
        var model = ModelArgument();
        var command = new Command("verify", "Re-hash a model version's weights and report any file changed or missing") { data, model };
        command.SetAction((parse, cancel) => ModelCommandRunner.Run(parse, async output =>
        {
            var reference = ModelReference.Parse(parse.GetValue(model)!);
            await using var audited = OpenAudited(parse, data);
            var result = await audited.Registry.VerifyWeightsAsync(reference, DefaultIdentity(),
                new HashProgressWriter(parse.InvocationConfiguration.Error), cancel);
            foreach (var file in result.Files)
                output.WriteLine($"{file.Status.ToString().ToLowerInvariant(),-9} {file.File.Path}" +
                    (file.Status == WeightStatus.Changed ? $" (registered {file.File.Sha256}, now {file.ActualSha256})" : ""));
            output.WriteLine(result.AllUnchanged
                ? $"{reference}: all {result.Files.Count} weight file(s) unchanged since registration"
                : $"{reference}: {result.Files.Count(f => f.Status != WeightStatus.Unchanged)} of {result.Files.Count} weight file(s) changed or missing since registration");
            return result.AllUnchanged ? ModelExitCodes.Ok : ModelExitCodes.CheckFailed;
        }));
        return command;
    }

    private static Command Bom()
    {
        var data = CommonOptions.Data();
        var model = ModelArgument();
        var outFile = new Option<string?>("--out") { Description = "Write the BOM to this file (default: standard output)" };
        var command = new Command("bom", "Export a CycloneDX 1.6 ML-BOM for a model version") { data, model, outFile };
        command.SetAction((parse, cancel) => ModelCommandRunner.Run(parse, async output =>
        {
            var reference = ModelReference.Parse(parse.GetValue(model)!);
            await using var audited = OpenAudited(parse, data);
            var registry = audited.Registry;
            var lineage = registry.GetLineage(reference);
            var weights = await registry.VerifyWeightsAsync(reference, DefaultIdentity(), null, cancel);
            var bom = ModelBomBuilder.Build(new ModelBomInput(lineage, new RedTeamResultStore(registry).ForModel(reference), weights,
                DateTimeOffset.UtcNow, ToolVersion()));
            var text = bom.ToJsonString(ModelView.JsonOptions);
            if (parse.GetValue(outFile) is { } path)
            {
                await File.WriteAllTextAsync(path, text + "\n", cancel);
                output.WriteLine($"wrote CycloneDX {ModelBomBuilder.SpecVersion} ML-BOM for {reference} to {path}");
            }
            else
                output.WriteLine(text);
            return ModelExitCodes.Ok;
        }));
        return command;
    }

    private static Command Facts()
    {
        var data = CommonOptions.Data();
        var model = ModelArgument();
        var command = new Command("facts", "Print the JSON facts the deployment gate (data.gatehouse.deploy) evaluates") { data, model };
        command.SetAction((parse, cancel) => ModelCommandRunner.Run(parse, async output =>
        {
            await using var audited = OpenAudited(parse, data);
            var registry = audited.Registry;
            var facts = await new ModelGateFactsBuilder(registry, new RedTeamResultStore(registry))
                .BuildAsync(ModelReference.Parse(parse.GetValue(model)!), DefaultIdentity(), cancel);
            output.WriteLine(facts.ToJson().ToJsonString(ModelView.JsonOptions));
            return ModelExitCodes.Ok;
        }));
        return command;
    }

    private static Command CardTemplate()
    {
        var outFile = new Option<string?>("--out") { Description = "Write the template to this file (default: standard output)" };
        var command = new Command("card-template", "Print a model card template with every required section") { outFile };
        command.SetAction((parse, cancel) => ModelCommandRunner.Run(parse, async output =>
        {
            if (parse.GetValue(outFile) is { } path)
            {
                if (File.Exists(path))
                    throw new ModelGovernanceException(ModelErrorKind.MissingFile, $"{path} already exists; not overwriting it");
                await File.WriteAllTextAsync(path, ModelCardTemplate.Text, cancel);
                output.WriteLine($"wrote model card template to {path}");
            }
            else
                output.Write(ModelCardTemplate.Text);
            return ModelExitCodes.Ok;
        }));
        return command;
    }

    private static Command CardCheck()
    {
        var card = new Argument<string>("CARD") { Description = "Model card file" };
        var command = new Command("card-check", "Check a model card for required sections and front matter") { card };
        command.SetAction((parse, _) => ModelCommandRunner.Run(parse, output =>
        {
            var path = parse.GetValue(card)!;
            var result = ModelCardValidator.Validate(ModelCardParser.ParseFile(path));
            foreach (var problem in result.Problems)
                output.WriteLine(problem.ToString());
            output.WriteLine(result.IsComplete ? $"{path}: complete" : $"{path}: {result.Problems.Count} problem(s)");
            return Task.FromResult(result.IsComplete ? ModelExitCodes.Ok : ModelExitCodes.CheckFailed);
        }));
        return command;
    }

    private static Argument<string> ModelArgument() => new("MODEL") { Description = "NAME@VERSION, for example support-slm@1.2.0" };

    private static ModelRegistry OpenRegistry(ParseResult parse, Option<DirectoryInfo> data) =>
        new(parse.GetValue(data)!.FullName);

    /// <summary>The registry with its events going to the audit log in the same data directory.</summary>
    private static AuditedRegistry OpenAudited(ParseResult parse, Option<DirectoryInfo> data) =>
        AuditedRegistry.Open(parse.GetValue(data)!.FullName);

    /// <summary>The acting identity when none is given: the login name, as <c>$USER</c> reports it.</summary>
    private static string DefaultIdentity() => ModelCommandIdentity.Current();

    private static string ToolVersion() =>
        typeof(ModelCommands).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
