using System.Text.Json.Nodes;
using Gatehouse.Detection.Json;
using Gatehouse.Detection.Operators;

namespace Gatehouse.Detection.Tests;

public sealed class JsonScannerTests
{
    private static readonly DetectionEngine Engine = DetectionEngine.Create();

    private const string Chat = """
        {
          "model": "small-1",
          "user": "ops@example.com",
          "messages": [
            {"role": "system", "content": "You are helpful."},
            {"role": "user", "content": [
              {"type": "text", "text": "My card is 4111 1111 1111 1111"},
              {"type": "image_url", "image_url": {"url": "data:image/png;base64,jane@example.com"}}
            ]},
            {"role": "assistant", "content": null, "tool_calls": [
              {"id": "c1", "type": "function", "function": {"name": "send", "arguments": "{\"email\":\"jane@example.com\",\"note\":\"hi\"}"}}
            ]},
            {"role": "tool", "tool_call_id": "c1", "content": "sent to 192.168.1.20"}
          ]
        }
        """;

    [Fact]
    public void ReportsThePathOfEachFinding()
    {
        var findings = new JsonScanner(Engine).Scan(Chat);
        var paths = findings.Select(f => (f.Path, f.Finding.EntityType)).ToList();
        Assert.Contains(("messages[1].content[0].text", "CREDIT_CARD"), paths);
        Assert.Contains(("messages[2].tool_calls[0].function.arguments.email", "EMAIL"), paths);
        Assert.Contains(("messages[3].content", "IP_ADDRESS"), paths);
        Assert.DoesNotContain(findings, f => f.Path.StartsWith("user", StringComparison.Ordinal));          // not a scanned field
        Assert.DoesNotContain(findings, f => f.Path.Contains("image_url", StringComparison.Ordinal));       // kept by rule
    }

    [Fact]
    public void ScansEmbeddingsInputAsStringOrArray()
    {
        var scanner = new JsonScanner(Engine);
        Assert.Equal("input", Assert.Single(scanner.Scan("""{"input":"a@example.com"}""")).Path);
        Assert.Equal("input[1]", Assert.Single(scanner.Scan("""{"input":["x","a@example.com"]}""")).Path);
    }

    [Fact]
    public void AnonymizingKeepsJsonValidAndRewritesInsideArguments()
    {
        var anonymizer = new Anonymizer(new AnonymizerOptions { DefaultAction = new(OperatorKind.Pseudonymize) });
        var vault = new PseudonymVault();
        var result = new JsonScanner(Engine).Anonymize(Chat, anonymizer, vault);
        var doc = JsonNode.Parse(result.Json)!;
        var args = JsonNode.Parse(doc["messages"]![2]!["tool_calls"]![0]!["function"]!["arguments"]!.GetValue<string>())!;
        Assert.Equal("<EMAIL_1>", args["email"]!.GetValue<string>());
        Assert.Equal("My card is <CREDIT_CARD_1>", doc["messages"]![1]!["content"]![0]!["text"]!.GetValue<string>());
        Assert.Contains(result.Applied, a => a.Path == "messages[2].tool_calls[0].function.arguments.email");
        var restored = JsonNode.Parse(vault.RestoreJson(result.Json))!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Chat), restored));
    }

    [Fact]
    public void DropRulesRemoveFieldsAndKeepRulesSkipThem()
    {
        var rules = FieldRule.ChatDefaults.Append(new FieldRule("messages[*].tool_calls", FieldRuleAction.Drop))
            .Append(new FieldRule("messages[3].content", FieldRuleAction.Keep));
        var scanner = new JsonScanner(Engine, rules);
        var result = scanner.Anonymize(Chat, new Anonymizer(new AnonymizerOptions()));
        Assert.Equal(["messages[2].tool_calls"], result.Dropped);
        var doc = JsonNode.Parse(result.Json)!;
        Assert.Null(doc["messages"]![2]!["tool_calls"]);
        Assert.Equal("sent to 192.168.1.20", doc["messages"]![3]!["content"]!.GetValue<string>());
    }

    [Fact]
    public void ScanningAParsedDocumentFindsTheSameAndChangesNothing()
    {
        var rules = FieldRule.ChatDefaults.Append(new FieldRule("messages[*].tool_calls", FieldRuleAction.Drop));
        var scanner = new JsonScanner(Engine, rules);
        var document = JsonNode.Parse(Chat)!;
        var fromNode = scanner.Scan(document);
        var fromText = scanner.Scan(Chat);
        Assert.Equal(fromText.Select(f => (f.Path, f.Finding)), fromNode.Select(f => (f.Path, f.Finding)));
        Assert.Contains(fromNode, f => f.Finding.EntityType == "CREDIT_CARD");
        Assert.DoesNotContain(fromNode, f => f.Path.Contains("tool_calls", StringComparison.Ordinal));
        // The dropped field is skipped, not removed: scanning never edits the caller's document.
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Chat), document));
    }

    [Fact]
    public void BadJsonIsAClearError()
    {
        var scanner = new JsonScanner(Engine);
        var e = Assert.Throws<FormatException>(() => scanner.Scan("{\"messages\": [1, 2,"));
        Assert.Contains("invalid JSON", e.Message);
        var deep = new string('[', 500) + new string(']', 500);
        Assert.Throws<FormatException>(() => scanner.Scan(deep));
    }
}
