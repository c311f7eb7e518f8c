using System.Text.Json.Nodes;

namespace Gatehouse.Gateway.Upstreams;

/// <summary>
/// Rough token counts for when an upstream reports no usage: about four characters per token, the usual rule of thumb
/// for English BPE vocabularies. Used for rate limiting and audit only, never billed.
/// </summary>
public static class TokenEstimator
{
    /// <summary>Estimated tokens for <paramref name="characters"/> characters of text.</summary>
    public static int FromCharacters(long characters) => (int)Math.Min(int.MaxValue, (characters + 3) / 4);

    /// <summary>Estimated prompt tokens of a request body: all string values under messages, prompt or input.</summary>
    public static int Prompt(JsonObject body)
    {
        long characters = 0;
        foreach (var field in (string[])["messages", "prompt", "input"])
            characters += CountStrings(body[field]);
        return FromCharacters(characters);
    }

    private static long CountStrings(JsonNode? node) => node switch
    {
        JsonValue v => Hosting.JsonStringLength.Of(v) ?? 0,
        JsonArray a => a.Sum(CountStrings),
        JsonObject o => o.Sum(p => CountStrings(p.Value)),
        _ => 0,
    };
}
