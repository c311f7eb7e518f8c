using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Gatehouse.Detection.Operators;

namespace Gatehouse.Detection.Tests;

public sealed class OperatorTests
{
    private static readonly DetectionEngine Engine = DetectionEngine.Create();
    private static readonly byte[] HashKey = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] AesKey = RandomNumberGenerator.GetBytes(32);

    private static Anonymizer With(string type, EntityAction action) => new(new AnonymizerOptions
    {
        Actions = new Dictionary<string, EntityAction> { [type] = action },
        HashKey = HashKey,
        EncryptionKey = AesKey,
    });

    private static AnonymizeResult Apply(Anonymizer a, string text, PseudonymVault? vault = null) => a.Apply(text, Engine.Scan(text), vault);

    [Fact]
    public void ReplaceAndRedact()
    {
        Assert.Equal("mail <EMAIL> now", Apply(With("EMAIL", new(OperatorKind.Replace)), "mail jane@example.com now").Text);
        Assert.Equal("mail  now", Apply(With("EMAIL", new(OperatorKind.Redact)), "mail jane@example.com now").Text);
    }

    [Fact]
    public void MaskKeepsTheLastDigitsAndTheShape()
    {
        var r = Apply(With("CREDIT_CARD", new(OperatorKind.Mask, 4, '#')), "card 4111 1111 1111 1234 ok".Replace("1234", "1111"));
        Assert.Equal("card #### #### #### 1111 ok", r.Text);
    }

    [Fact]
    public void HashIsDeterministicAndKeyed()
    {
        var a = With("EMAIL", new(OperatorKind.Hash));
        var first = Apply(a, "a jane@example.com").Text;
        Assert.Equal(first, Apply(a, "a jane@example.com").Text);
        Assert.NotEqual(first, Apply(a, "a john@example.com").Text);
        Assert.DoesNotContain("jane", first);
        var other = new Anonymizer(new AnonymizerOptions { DefaultAction = new(OperatorKind.Hash), HashKey = RandomNumberGenerator.GetBytes(32) });
        Assert.NotEqual(first, Apply(other, "a jane@example.com").Text);
    }

    [Fact]
    public void EncryptRoundTripsAndRejectsTampering()
    {
        var r = Apply(With("EMAIL", new(OperatorKind.Encrypt)), "jane@example.com");
        Assert.StartsWith("<EMAIL_ENC:", r.Text);
        Assert.Equal("jane@example.com", EncryptOperator.Decrypt(r.Text, AesKey));
        Assert.ThrowsAny<CryptographicException>(() => EncryptOperator.Decrypt(r.Text, RandomNumberGenerator.GetBytes(32)));
        Assert.ThrowsAny<CryptographicException>(() => EncryptOperator.Decrypt(r.Text.Replace("<EMAIL_", "<PHONE_"), AesKey));
    }

    [Fact]
    public void MissingKeysAreAConfigurationError()
    {
        Assert.Throws<ArgumentException>(() => new Anonymizer(new AnonymizerOptions { DefaultAction = new(OperatorKind.Hash) }));
        Assert.Throws<ArgumentException>(() => new Anonymizer(new AnonymizerOptions { DefaultAction = new(OperatorKind.Encrypt), EncryptionKey = new byte[16] }));
        Assert.Throws<ArgumentException>(() => EntityAction.Parse("shred"));
    }

    [Fact]
    public void BlockIsSignalledAndTheValueStillReplaced()
    {
        var r = Apply(With("US_SSN", new(OperatorKind.Block)), "ssn 536-22-1234");
        Assert.True(r.Blocked);
        Assert.Equal("ssn <US_SSN>", r.Text);
        Assert.Equal(["US_SSN"], r.EntityTypes);
    }

    [Fact]
    public void PseudonymsAreStablePerRequestAndRestore()
    {
        var vault = new PseudonymVault();
        var a = new Anonymizer(new AnonymizerOptions { DefaultAction = new(OperatorKind.Pseudonymize) });
        const string text = "jane@example.com wrote to bob@example.org, cc jane@example.com";
        var r = Apply(a, text, vault);
        Assert.Equal("<EMAIL_1> wrote to <EMAIL_2>, cc <EMAIL_1>", r.Text);
        Assert.Equal(text, vault.Restore(r.Text));
        Assert.Equal("unknown <EMAIL_9> stays", vault.Restore("unknown <EMAIL_9> stays"));
    }

    [Fact]
    public void RestoreWorksInsideToolCallArgumentsAndKeepsJsonValid()
    {
        var vault = new PseudonymVault();
        var token = vault.Tokenize("PERSON", "O\"Brien \\ Ann");
        var args = new JsonObject { ["name"] = token }.ToJsonString();
        var response = new JsonObject
        {
            ["choices"] = new JsonArray(new JsonObject
            {
                ["message"] = new JsonObject
                {
                    ["content"] = $"Hello {token}",
                    ["tool_calls"] = new JsonArray(new JsonObject { ["function"] = new JsonObject { ["name"] = "f", ["arguments"] = args } }),
                },
            }),
        }.ToJsonString();
        var restored = JsonNode.Parse(vault.RestoreJson(response))!;
        var message = restored["choices"]![0]!["message"]!;
        Assert.Equal("Hello O\"Brien \\ Ann", message["content"]!.GetValue<string>());
        var inner = JsonNode.Parse(message["tool_calls"]![0]!["function"]!["arguments"]!.GetValue<string>())!;
        Assert.Equal("O\"Brien \\ Ann", inner["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void RestoreHandlesTokensSplitAcrossStreamChunks(int size)
    {
        var vault = new PseudonymVault();
        var t1 = vault.Tokenize("PERSON", "Ann Lee");
        var t2 = vault.Tokenize("EMAIL", "ann@example.com");
        var text = $"Dear {t1}, we wrote to {t2} <b> and a < c; end <PERSON_";
        var restorer = vault.CreateStreamRestorer();
        var output = string.Concat(text.Chunk(size).Select(c => restorer.Feed(new string(c)))) + restorer.Flush();
        Assert.Equal(vault.Restore(text), output);
        Assert.Contains("Dear Ann Lee, we wrote to ann@example.com <b>", output);
    }
}
