using System.Text.Json.Nodes;
using Gatehouse.Cli;

namespace Gatehouse.Cli.Tests;

public sealed class ModelCommandTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "gatehouse-model-cli-" + Guid.NewGuid().ToString("N"));

    public ModelCommandTests() => Directory.CreateDirectory(root);

    private string Data => Path.Combine(root, "data");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(root, recursive: true); }
        catch (IOException) { /* a leftover temp folder must not hide the test's result */ }
    }

    private async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await GatehouseCli.RunAsync([.. args, "--data", Data], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Runs a verb that takes no --data option.</summary>
    private static async Task<(int Exit, string Out, string Err)> RunPlain(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await GatehouseCli.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private string Weights(string name, byte fill)
    {
        var path = Path.Combine(root, name);
        File.WriteAllBytes(path, Enumerable.Repeat(fill, 5000).ToArray());
        return path;
    }

    /// <summary>The shipped template with its placeholders filled in: a complete card.</summary>
    private async Task<string> CompleteCard()
    {
        var template = await RunPlain("model", "card-template");
        Assert.Equal(0, template.Exit);
        var path = Path.Combine(root, "card.md");
        File.WriteAllText(path, template.Out.Replace("[More Information Needed]", "Written by the support ML team.", StringComparison.Ordinal));
        return path;
    }

    private async Task Register(string name, string version, string registrant, string? baseModel = null)
    {
        var card = await CompleteCard();
        string[] args = ["model", "register", "--name", name, "--version", version, "--weights", Weights($"{name}-{version}.bin", (byte)version.Length),
            "--card", card, "--registrant", registrant];
        var result = await Run(baseModel is null ? args : [.. args, "--base", baseModel]);
        Assert.True(result.Exit == 0, result.Err);
    }

    [Fact]
    public async Task Register_list_show_approve_verify_round_trip()
    {
        await Register("tiny-base", "1.0.0", "alice");
        await Register("support-slm", "1.2.0", "alice", "tiny-base@1.0.0");

        var list = await Run("model", "list");
        Assert.Equal(0, list.Exit);
        Assert.Matches(@"support-slm\s+1\.2\.0\s+tiny-base@1\.0\.0\s+alice", list.Out);

        var approve = await Run("model", "approve", "support-slm@1.2.0", "--approver", "bob", "--note", "card and red-team reviewed");
        Assert.Equal(0, approve.Exit);
        Assert.Contains("approved support-slm@1.2.0 by bob", approve.Out);

        var show = await Run("model", "show", "support-slm@1.2.0", "--json");
        Assert.Equal(0, show.Exit);
        var json = JsonNode.Parse(show.Out)!;
        Assert.Equal(["support-slm@1.2.0", "tiny-base@1.0.0"], json["lineage"]!.AsArray().Select(n => (string?)n));
        Assert.True((bool)json["model"]!["approved"]!);
        Assert.Equal("bob", (string?)json["approvals"]![0]!["approver"]);
        Assert.True((bool)json["card"]!["complete"]!);

        var text = await Run("model", "show", "support-slm@1.2.0");
        Assert.Contains("lineage:     support-slm@1.2.0 (approved) <- tiny-base@1.0.0", text.Out);

        var listJson = JsonNode.Parse((await Run("model", "list", "--json")).Out)!.AsArray();
        Assert.Equal(2, listJson.Count);

        var verify = await Run("model", "verify", "support-slm@1.2.0");
        Assert.Equal(0, verify.Exit);
        Assert.Contains("all 1 weight file(s) unchanged", verify.Out);
    }

    [Fact]
    public async Task Register_reports_hashing_progress_for_large_weights_and_records_datasets()
    {
        var big = Path.Combine(root, "big.safetensors");
        using (var stream = File.Create(big))
            stream.SetLength(64L * 1024 * 1024 + 1); // sparse: just over the progress threshold
        var manifest = Path.Combine(root, "tickets", "gatehouse-dataset.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(manifest)!);
        File.WriteAllText(manifest, "name: support-tickets\nversion: 2025.1\n");
        var signed = await Run("dataset", "verify", manifest);
        Assert.True(signed.Exit is 0 or 1, signed.Err); // incomplete manifest: a signed statement that says "not verified"
        var statementSha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(root, "tickets", ".gatehouse", "verification.dsse.json"))));

        var result = await Run("model", "register", "--name", "m", "--version", "1.0.0", "--weights", big, "--dataset", manifest, "--registrant", "alice");

        Assert.True(result.Exit == 0, result.Err);
        Assert.Contains("hashing big.safetensors: 100% (64 of 64 MiB)", result.Err);
        var show = await Run("model", "show", "m@1.0.0");
        Assert.Contains("support-tickets@2025.1", show.Out);
        Assert.Contains("verification: sha256 " + statementSha, show.Out);
    }

    [Fact]
    public async Task Verify_exits_1_and_names_a_changed_file()
    {
        await Register("m", "1.0.0", "alice");
        File.AppendAllText(Path.Combine(root, "m-1.0.0.bin"), "x");

        var verify = await Run("model", "verify", "m@1.0.0");

        Assert.Equal(1, verify.Exit);
        Assert.Contains("changed", verify.Out);
        Assert.Contains("m-1.0.0.bin", verify.Out);
    }

    [Fact]
    public async Task Bom_writes_a_CycloneDX_1_6_document_with_the_model_component()
    {
        await Register("m", "1.0.0", "alice");
        var outFile = Path.Combine(root, "m.cdx.json");

        var bom = await Run("model", "bom", "m@1.0.0", "--out", outFile);

        Assert.Equal(0, bom.Exit);
        var json = JsonNode.Parse(File.ReadAllText(outFile))!;
        Assert.Equal("1.6", (string?)json["specVersion"]);
        Assert.Equal("machine-learning-model", (string?)json["components"]![0]!["type"]);
        Assert.Equal("text-generation", (string?)json["components"]![0]!["modelCard"]!["modelParameters"]!["task"]);
    }

    [Fact]
    public async Task Facts_prints_the_gate_document()
    {
        await Register("m", "1.0.0", "alice");
        var facts = await Run("model", "facts", "m@1.0.0");
        Assert.Equal(0, facts.Exit);
        var json = JsonNode.Parse(facts.Out)!;
        Assert.False((bool)json["approvals"]!["approved_by_other"]!);
        Assert.True((bool)json["weights"]!["unchanged"]!);
    }

    [Fact]
    public async Task Card_check_lists_problems_with_locations_and_exits_1()
    {
        var card = Path.Combine(root, "draft.md");
        var template = await RunPlain("model", "card-template", "--out", card);
        Assert.Equal(0, template.Exit);

        var check = await RunPlain("model", "card-check", card);

        Assert.Equal(1, check.Exit);
        Assert.Contains($"{card}:", check.Out);
        Assert.Contains("'Evaluation' (evaluation) is empty", check.Out);
        Assert.Equal(0, (await RunPlain("model", "card-check", await CompleteCard())).Exit);
        Assert.Equal(2, (await RunPlain("model", "card-template", "--out", card)).Exit);
    }

    [Fact]
    public async Task A_missing_weight_file_is_named()
    {
        var missing = Path.Combine(root, "absent.safetensors");
        var result = await Run("model", "register", "--name", "m", "--version", "1.0.0", "--weights", missing, "--registrant", "alice");
        Assert.Equal(2, result.Exit);
        Assert.Contains($"weight file not found: {missing}", result.Err);
    }

    [Fact]
    public async Task A_card_without_required_sections_is_refused_with_each_section_named()
    {
        var card = Path.Combine(root, "thin.md");
        File.WriteAllText(card, "---\nlicense: mit\nlanguage: en\npipeline_tag: text-generation\n---\n# Thin\n\n## Model Details\n\nSmall.\n");
        var result = await Run("model", "register", "--name", "m", "--version", "1.0.0", "--weights", Weights("w.bin", 1), "--card", card, "--registrant", "alice");
        Assert.Equal(2, result.Exit);
        Assert.Contains("is incomplete (6 problems)", result.Err);
        Assert.Contains("missing required section 'out-of-scope use'", result.Err);
        Assert.Contains("no models registered", (await Run("model", "list")).Out);
    }

    [Fact]
    public async Task A_base_model_that_is_not_registered_is_refused()
    {
        var result = await Run("model", "register", "--name", "m", "--version", "1.0.0", "--weights", Weights("w.bin", 1), "--base", "ghost@1.0.0", "--registrant", "alice");
        Assert.Equal(2, result.Exit);
        Assert.Contains("base model ghost@1.0.0 is not registered", result.Err);
    }

    [Fact]
    public async Task A_model_naming_itself_as_base_is_a_lineage_cycle()
    {
        var result = await Run("model", "register", "--name", "m", "--version", "1.0.0", "--weights", Weights("w.bin", 1), "--base", "m@1.0.0", "--registrant", "alice");
        Assert.Equal(2, result.Exit);
        Assert.Contains("cycle", result.Err);
    }

    [Fact]
    public async Task A_duplicate_registration_is_refused()
    {
        await Register("m", "1.0.0", "alice");
        var again = await Run("model", "register", "--name", "m", "--version", "1.0.0", "--weights", Weights("w2.bin", 2), "--registrant", "carol");
        Assert.Equal(2, again.Exit);
        Assert.Contains("m@1.0.0 is already registered", again.Err);
    }

    [Fact]
    public async Task An_invalid_version_is_refused()
    {
        var result = await Run("model", "register", "--name", "m", "--version", "1.2", "--weights", Weights("w.bin", 1), "--registrant", "alice");
        Assert.Equal(2, result.Exit);
        Assert.Contains("version '1.2' of model 'm' is not a semantic version", result.Err);
    }

    [Fact]
    public async Task Approval_by_the_registrant_is_refused()
    {
        await Register("m", "1.0.0", "alice");
        var result = await Run("model", "approve", "m@1.0.0", "--approver", "alice");
        Assert.Equal(2, result.Exit);
        Assert.Contains("alice registered m@1.0.0 and cannot also approve it", result.Err);
        Assert.Contains("approved:    no", (await Run("model", "show", "m@1.0.0")).Out);
    }

    [Theory]
    [InlineData("show")]
    [InlineData("verify")]
    [InlineData("bom")]
    [InlineData("facts")]
    public async Task An_unknown_model_is_reported(string verb)
    {
        var result = await Run("model", verb, "ghost@1.0.0");
        Assert.Equal(2, result.Exit);
        Assert.Contains("model ghost@1.0.0 is not registered", result.Err);
    }
}
