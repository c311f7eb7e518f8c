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
        foreach (var field in (ReadOnlySpan<string>)["messages", "prompt", "input"])
            characters += CountStrings(body[field]);
        return FromCharacters(characters);
    }

    // Loops rather than LINQ: this runs on every request (twice), and each Sum over a node allocated an enumerator.
    private static long CountStrings(JsonNode? node)
    {
        switch (node)
        {
            case JsonValue v:
                return Hosting.JsonStringLength.Of(v) ?? 0;
            case JsonArray a:
                long inArray = 0;
                for (var i = 0; i < a.Count; i++)
                    inArray += CountStrings(a[i]);
                return inArray;
            case JsonObject o:
                long inObject = 0;
                for (var i = 0; i < o.Count; i++)
                    inObject += CountStrings(o.GetAt(i).Value);
                return inObject;
            default:
                return 0;
        }
    }
}
