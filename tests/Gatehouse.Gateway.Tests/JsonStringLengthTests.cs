using System.Text.Json.Nodes;
using Gatehouse.Gateway.Hosting;

namespace Gatehouse.Gateway.Tests;

/// <summary>Counting a body string's characters without decoding it gives the decoded string's length.</summary>
public sealed class JsonStringLengthTests
{
    [Theory]
    [InlineData("\"plain words\"")]
    [InlineData("\"\"")]
    [InlineData("\"caf\u00e9 \u6771\u4eac \ud83d\ude00\"")]
    [InlineData("\"line\\nbreak \\\"quoted\\\" \\u00e9 \\ud83d\\ude00\"")]
    [InlineData("\"a\\\\b\"")]
    public void A_parsed_string_counts_as_its_decoded_text(string json)
    {
        var value = JsonNode.Parse("""{"s":""" + json + "}")!["s"]!.AsValue();
        Assert.Equal(value.GetValue<string>().Length, JsonStringLength.Of(value));
    }

    [Fact]
    public void A_created_string_counts_and_other_values_are_not_strings()
    {
        Assert.Equal(5, JsonStringLength.Of(JsonValue.Create("hello")));
        Assert.Null(JsonStringLength.Of(JsonNode.Parse("""{"n":12}""")!["n"]!.AsValue()));
        Assert.Null(JsonStringLength.Of(JsonNode.Parse("""{"b":true}""")!["b"]!.AsValue()));
        Assert.Null(JsonStringLength.Of(JsonValue.Create(3)));
    }
}
