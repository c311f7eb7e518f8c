using System.Text.Json.Nodes;

namespace Gatehouse.Gateway.Tests.Support;

/// <summary>Reads a raw server-sent event body: the JSON payloads, the joined content and tool-call arguments.</summary>
public static class SseText
{
    /// <summary>Every <c>data:</c> payload except <c>[DONE]</c>, parsed.</summary>
    public static List<JsonObject> Events(string raw) => raw.Split('\n')
        .Where(l => l.StartsWith("data: ", StringComparison.Ordinal) && l != "data: [DONE]")
        .Select(l => JsonNode.Parse(l[6..])!.AsObject()).ToList();

    /// <summary>The content deltas of choice 0, joined.</summary>
    public static string Content(string raw) => string.Concat(Events(raw)
        .Select(e => e["choices"]?[0]?["delta"]?["content"]?.GetValue<string>() ?? ""));

    /// <summary>The argument fragments of tool call <paramref name="toolIndex"/> in choice 0, joined.</summary>
    public static string Arguments(string raw, int toolIndex) => string.Concat(Events(raw)
        .SelectMany(e => e["choices"]?[0]?["delta"]?["tool_calls"]?.AsArray() ?? [])
        .Where(c => c!["index"]!.GetValue<int>() == toolIndex)
        .Select(c => c!["function"]?["arguments"]?.GetValue<string>() ?? ""));
}
