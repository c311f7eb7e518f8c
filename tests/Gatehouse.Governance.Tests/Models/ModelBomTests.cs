using System.Text.Json.Nodes;
using Gatehouse.Governance.Models;
using Gatehouse.Governance.Models.Bom;
using Gatehouse.Governance.Models.Gate;
using Gatehouse.Testing;

namespace Gatehouse.Governance.Tests.Models;

public class ModelBomTests
{
    [Theory]
    [InlineData("valid-machine-learning-1.6.json")]
    [InlineData("valid-machine-learning-considerations-env-1.6.json")]
    [InlineData("valid-component-data-1.6.json")]
    public async Task The_official_ML_BOM_examples_pass_the_validator(string example)
    {
        var errors = await CycloneDxSchema.ValidateAsync(File.ReadAllText(RepositoryPaths.SharedFile("schemas", "cyclonedx", "examples", example)));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_validator_rejects_a_model_card_field_the_schema_does_not_have()
    {
        var example = JsonNode.Parse(File.ReadAllText(RepositoryPaths.SharedFile("schemas", "cyclonedx", "examples", "valid-machine-learning-1.6.json")))!;
        example["components"]![0]!["modelCard"]!["modelParameters"]!["notAField"] = "x";
        example["components"]![0]!["type"] = "neural-network";

        var errors = await CycloneDxSchema.ValidateAsync(example.ToJsonString());

        Assert.NotEmpty(errors);
    }

    [Fact]
    public async Task The_BOM_of_a_fine_tune_validates_and_carries_card_datasets_lineage_and_evidence()
    {
        using var workspace = new ModelWorkspace();
        var registry = workspace.OpenRegistry();
        var manifest = workspace.Write("tickets/gatehouse-dataset.yaml", "name: support-tickets\nversion: 2025.1\nowner: Support Ops\nsources:\n  - licence: CC-BY-4.0\n");
        SignedDataset.ForManifest(manifest, Path.Combine(workspace.DataDirectory, "dataset-signing.key"));
        await workspace.RegisterAsync(registry, "tiny-base@1.0.0");
        var model = await workspace.RegisterAsync(registry, "support-slm@1.2.0", baseReference: "tiny-base@1.0.0", datasets: [manifest]);
        await registry.ApproveAsync(model.Reference, "bob", "reviewed");
        await new RedTeamResultStore(registry).RecordAsync(model.Reference, "default", new string('a', 64), 40, 0, "/tmp/junit.xml", "ci");
        var weights = await registry.VerifyWeightsAsync(model.Reference, "ci");

        var bom = ModelBomBuilder.Build(new ModelBomInput(registry.GetLineage(model.Reference),
            new RedTeamResultStore(registry).ForModel(model.Reference), weights, DateTimeOffset.UtcNow, "0.1.0"));

        Assert.Empty(await CycloneDxSchema.ValidateAsync(bom.ToJsonString()));
        var component = bom["components"]![0]!;
        Assert.Equal("machine-learning-model", (string?)component["type"]);
        Assert.Equal(model.Weights[0].Sha256, (string?)component["hashes"]![0]!["content"]);
        Assert.Equal("Apache-2.0", (string?)component["licenses"]![0]!["license"]!["id"]);
        var card = component["modelCard"]!;
        Assert.Equal("text-generation", (string?)card["modelParameters"]!["task"]);
        Assert.Equal("llama", (string?)card["modelParameters"]!["architectureFamily"]);
        Assert.Equal("dataset:support-tickets@2025.1", (string?)card["modelParameters"]!["datasets"]![0]!["ref"]);
        Assert.Equal(["Answer accuracy", "f1"], card["quantitativeAnalysis"]!["performanceMetrics"]!.AsArray().Select(m => (string?)m!["type"]));
        Assert.Equal("Support tickets held out / test", (string?)card["quantitativeAnalysis"]!["performanceMetrics"]![0]!["slice"]);
        Assert.Equal(2, card["considerations"]!["useCases"]!.AsArray().Count);
        Assert.Equal(2, card["considerations"]!["technicalLimitations"]!.AsArray().Count);
        Assert.Contains("human agent", (string?)card["considerations"]!["ethicalConsiderations"]![0]!["mitigationStrategy"]);
        Assert.Equal("tiny-base@1.0.0", $"{component["pedigree"]!["ancestors"]![0]!["name"]}@{component["pedigree"]!["ancestors"]![0]!["version"]}");

        var data = bom["components"]![1]!;
        Assert.Equal(("data", "CC-BY-4.0"), ((string?)data["type"], (string?)data["licenses"]![0]!["license"]!["id"]));
        Assert.Equal("Support Ops", (string?)data["data"]![0]!["governance"]!["owners"]![0]!["organization"]!["name"]);
        Assert.Equal("attestation", (string?)data["externalReferences"]![0]!["type"]);
        Assert.Equal("dataset:support-tickets@2025.1", (string?)bom["dependencies"]![0]!["dependsOn"]![0]);

        var properties = component["properties"]!.AsArray().ToDictionary(p => (string)p!["name"]!, p => (string)p!["value"]!);
        Assert.Equal("bob", properties["gatehouse:approval:1:approver"]);
        Assert.Equal("40", properties["gatehouse:redteam:1:passed"]);
        Assert.Equal("true", properties["gatehouse:weights:unchanged"]);
    }

    [Fact]
    public async Task A_model_without_card_or_datasets_still_yields_a_valid_BOM()
    {
        using var workspace = new ModelWorkspace();
        var registry = workspace.OpenRegistry();
        var reference = new ModelReference("bare", "0.1.0");
        await registry.RegisterAsync(new Gatehouse.Governance.Models.Registry.ModelRegistration(reference, [workspace.WriteWeights("b.bin", 9)], "alice"));

        var bom = ModelBomBuilder.Build(new ModelBomInput(registry.GetLineage(reference), [], null, DateTimeOffset.UtcNow, "0.1.0"));

        Assert.Empty(await CycloneDxSchema.ValidateAsync(bom.ToJsonString()));
    }

    [Theory]
    [InlineData("apache-2.0", "Apache-2.0")]
    [InlineData("MIT", "MIT")]
    [InlineData("cc-by-nc-sa-4.0", "CC-BY-NC-SA-4.0")]
    [InlineData("llama3", null)]
    [InlineData("openrail", null)]
    public void Card_licences_map_to_SPDX_ids_only_when_known(string license, string? spdx)
    {
        Assert.Equal(spdx, LicenseMapper.SpdxId(license));
    }

    [Fact]
    public void Every_SPDX_id_the_mapper_emits_is_in_the_schemas_licence_list()
    {
        var spdx = JsonNode.Parse(File.ReadAllText(RepositoryPaths.SharedFile("schemas", "cyclonedx", "schema", "spdx.schema.json")))!;
        var known = spdx["enum"]!.AsArray().Select(v => (string)v!).ToHashSet();
        string[] hubIds = ["apache-2.0", "mit", "bsd-3-clause", "cc-by-4.0", "gpl-3.0", "lgpl-2.1", "agpl-3.0", "odbl", "odc-by", "c-uda", "bsd", "gfdl", "eupl-1.2", "cdla-permissive-2.0", "lppl-1.3c", "unlicense", "zlib"];
        var unknown = hubIds.Select(LicenseMapper.SpdxId).Where(id => id is not null && !known.Contains(id)).ToList();
        Assert.Empty(unknown);
    }
}
