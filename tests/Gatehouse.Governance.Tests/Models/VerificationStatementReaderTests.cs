using System.Text;
using System.Text.Json.Nodes;
using Gatehouse.Governance.Datasets.Attestation;
using Gatehouse.Governance.Models;
using Gatehouse.Governance.Models.Gate;
using Gatehouse.Governance.Models.Registry;

namespace Gatehouse.Governance.Tests.Models;

/// <summary>What the gate learns from a dataset's verification statement: verified, and scanned clean or justified.</summary>
public sealed class VerificationStatementReaderTests
{
    private static string Envelope(bool passed, bool scanPassed, string predicateType = DatasetVerificationStatement.PredicateType)
    {
        var statement = new JsonObject
        {
            ["_type"] = DatasetVerificationStatement.StatementType,
            ["subject"] = new JsonArray(),
            ["predicateType"] = predicateType,
            ["predicate"] = new JsonObject
            {
                ["passed"] = passed,
                ["checks"] = new JsonArray(
                    new JsonObject { ["name"] = "hashes", ["passed"] = true, ["problems"] = new JsonArray() },
                    new JsonObject { ["name"] = "scan", ["passed"] = scanPassed, ["problems"] = new JsonArray() }),
            },
        };
        return new DsseEnvelope(DsseEnvelope.InTotoPayloadType, Convert.ToBase64String(Encoding.UTF8.GetBytes(statement.ToJsonString())), []).ToJson();
    }

    [Fact]
    public void Reads_passed_and_scan_outcome_and_treats_anything_else_as_not_passed()
    {
        using var workspace = new ModelWorkspace();
        Assert.Equal(new VerificationStatementReader.Outcome(true, true), VerificationStatementReader.Read(workspace.Write("a.json", Envelope(true, true))));
        Assert.Equal(new VerificationStatementReader.Outcome(false, false), VerificationStatementReader.Read(workspace.Write("b.json", Envelope(false, false))));
        Assert.Equal(new VerificationStatementReader.Outcome(false, true), VerificationStatementReader.Read(workspace.Write("c.json", Envelope(false, true))));
        Assert.Equal(new VerificationStatementReader.Outcome(false, false), VerificationStatementReader.Read(workspace.Write("d.json", Envelope(true, true, "https://example.com/other/v1"))));
        Assert.Equal(new VerificationStatementReader.Outcome(false, false), VerificationStatementReader.Read(workspace.Write("e.json", "{}")));
        Assert.Equal(new VerificationStatementReader.Outcome(false, false), VerificationStatementReader.Read(workspace.Write("f.json", "not json")));
        Assert.Equal(new VerificationStatementReader.Outcome(false, false), VerificationStatementReader.Read(Path.Combine(workspace.Root, "missing.json")));
        Assert.Equal(new VerificationStatementReader.Outcome(false, false), VerificationStatementReader.Read(null));
    }

    [Fact]
    public async Task Gate_facts_carry_the_statement_outcome_only_while_the_statement_is_the_registered_one()
    {
        using var workspace = new ModelWorkspace();
        var manifest = workspace.Write("d/gatehouse-dataset.yaml", "name: tickets\nversion: '1'\n");
        var statement = workspace.Write("d/.gatehouse/verification.dsse.json", Envelope(true, true)); // DatasetVerificationStatement.EnvelopeRelativePath
        var registry = workspace.OpenRegistry();
        await workspace.RegisterAsync(registry, "m@1.0.0", "alice", null, manifest);
        var builder = new ModelGateFactsBuilder(registry, new RedTeamResultStore(registry));

        var before = (await builder.BuildAsync(ModelReference.Parse("m@1.0.0"), "t")).Datasets[0];
        File.WriteAllText(statement, Envelope(true, true).Replace("\n", "\n ", StringComparison.Ordinal)); // same content, different bytes
        var after = (await builder.BuildAsync(ModelReference.Parse("m@1.0.0"), "t")).Datasets[0];

        Assert.True(before.VerificationPassed && before.ScanPassed);
        Assert.False(after.VerificationUnchanged);
        Assert.False(after.VerificationPassed || after.ScanPassed);
        var json = (await builder.BuildAsync(ModelReference.Parse("m@1.0.0"), "t")).ToJson()["datasets"]![0]!;
        Assert.False((bool)json["scan_passed"]!);
    }
}
