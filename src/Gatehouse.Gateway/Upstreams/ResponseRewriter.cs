using System.Text.Json.Nodes;
using Gatehouse.Gateway.Pipeline;

namespace Gatehouse.Gateway.Upstreams;

/// <summary>
/// Rewrites upstream JSON (whole responses and stream chunks) for the caller: <c>model</c> goes back to the alias the
/// caller used, generated text passes through the output guard, and usage is copied onto the context. Nothing else changes.
/// </summary>
internal static class ResponseRewriter
{
    /// <summary>Rewrites a complete response body.</summary>
    public static void RewriteWhole(JsonObject body, GatewayContext context, IOutputGuardSession guard)
    {
        RewriteModel(body, context);
        if (body["choices"] is JsonArray choices)
            foreach (var choice in choices.OfType<JsonObject>())
            {
                var index = Index(choice);
                if (choice["message"] is JsonObject message)
                {
                    if (message["content"] is JsonValue content && content.TryGetValue<string>(out var text))
                        message["content"] = guard.GuardText(index, text);
                    GuardToolCalls(message, index, guard);
                }
                else if (choice["text"] is JsonValue completion && completion.TryGetValue<string>(out var completionText))
                    choice["text"] = guard.GuardText(index, completionText);
            }
        ReadUsage(body, context);
    }

    /// <summary>Rewrites one stream chunk; at a choice's <c>finish_reason</c> the guard's held-back text is appended.</summary>
    public static void RewriteChunk(JsonObject chunk, GatewayContext context, IOutputGuardSession guard, StreamTally tally)
    {
        RewriteModel(chunk, context);
        if (chunk["choices"] is JsonArray choices)
            foreach (var choice in choices.OfType<JsonObject>())
            {
                var index = Index(choice);
                var finished = choice["finish_reason"] is JsonValue reason && reason.TryGetValue<string>(out _);
                if (choice["delta"] is JsonObject delta)
                {
                    GuardField(delta, "content", index, finished, guard, tally);
                    GuardToolCallDeltas(delta, index, finished, guard, tally);
                }
                else if (choice.ContainsKey("text"))
                    GuardField(choice, "text", index, finished, guard, tally);
            }
        ReadUsage(chunk, context);
    }

    /// <summary>Whole answer: each tool call's arguments are guarded as their own text.</summary>
    private static void GuardToolCalls(JsonObject message, int choiceIndex, IOutputGuardSession guard)
    {
        if (message["tool_calls"] is not JsonArray calls)
            return;
        for (var i = 0; i < calls.Count; i++)
            if (calls[i] is JsonObject { } call && call["function"] is JsonObject function
                && function["arguments"] is JsonValue arguments && arguments.TryGetValue<string>(out var text))
                function["arguments"] = guard.GuardText(OutputChannels.ToolArguments(choiceIndex, i), text);
    }

    /// <summary>
    /// Stream: argument fragments go through the guard keyed by the tool call's index. At the choice's finish, text the
    /// guard still holds for any of its tool calls is sent in this chunk under that call's index.
    /// </summary>
    private static void GuardToolCallDeltas(JsonObject delta, int choiceIndex, bool finished, IOutputGuardSession guard, StreamTally tally)
    {
        var calls = delta["tool_calls"] as JsonArray;
        var seen = tally.ToolCalls(choiceIndex);
        foreach (var call in calls?.OfType<JsonObject>() ?? [])
        {
            var toolIndex = call["index"] is JsonValue v && v.TryGetValue<int>(out var i) ? i : 0;
            seen.Add(toolIndex);
            if (call["function"] is JsonObject function && function["arguments"] is JsonValue arguments && arguments.TryGetValue<string>(out var fragment))
            {
                var text = guard.GuardDelta(OutputChannels.ToolArguments(choiceIndex, toolIndex), fragment);
                tally.CompletionCharacters += text.Length;
                function["arguments"] = text;
            }
        }
        if (!finished)
            return;
        foreach (var toolIndex in seen.Order())
        {
            var rest = guard.Flush(OutputChannels.ToolArguments(choiceIndex, toolIndex));
            if (rest.Length == 0)
                continue;
            tally.CompletionCharacters += rest.Length;
            calls ??= (JsonArray)(delta["tool_calls"] = new JsonArray());
            var existing = calls.OfType<JsonObject>().FirstOrDefault(c => c["index"] is JsonValue v && v.TryGetValue<int>(out var i) && i == toolIndex);
            if (existing is not null && existing["function"] is JsonObject function)
                function["arguments"] = (function["arguments"]?.GetValue<string>() ?? "") + rest;
            else
                calls.Add(new JsonObject { ["index"] = toolIndex, ["function"] = new JsonObject { ["arguments"] = rest } });
        }
        seen.Clear();
    }

    private static void GuardField(JsonObject holder, string field, int index, bool finished, IOutputGuardSession guard, StreamTally tally)
    {
        var original = holder[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        var text = original is null ? "" : guard.GuardDelta(index, original);
        if (finished)
            text += guard.Flush(index);
        tally.CompletionCharacters += text.Length;
        if (original is not null || text.Length > 0)
            holder[field] = text;
    }

    private static void RewriteModel(JsonObject body, GatewayContext context)
    {
        if (body.ContainsKey("model") && context.ModelAlias is not null)
            body["model"] = context.ModelAlias;
    }

    private static int Index(JsonObject choice) => choice["index"] is JsonValue v && v.TryGetValue<int>(out var i) ? i : 0;

    private static void ReadUsage(JsonObject body, GatewayContext context)
    {
        if (body["usage"] is not JsonObject usage)
            return;
        if (usage["prompt_tokens"] is JsonValue p && p.TryGetValue<int>(out var prompt))
            context.PromptTokens = prompt;
        if (usage["completion_tokens"] is JsonValue c && c.TryGetValue<int>(out var completion))
            context.CompletionTokens = completion;
    }
}

/// <summary>Running totals for one relayed stream, used to estimate tokens when the upstream reports no usage.</summary>
internal sealed class StreamTally
{
    /// <summary>Characters of generated text sent to the caller.</summary>
    public long CompletionCharacters { get; set; }

    private readonly Dictionary<int, HashSet<int>> _toolCalls = [];

    /// <summary>Whether choice <paramref name="choiceIndex"/> has tool calls whose guards may still hold text.</summary>
    public bool HasToolCalls(int choiceIndex) => _toolCalls.TryGetValue(choiceIndex, out var set) && set.Count > 0;

    /// <summary>Tool-call indexes seen so far in choice <paramref name="choiceIndex"/> (their guards may hold text).</summary>
    public HashSet<int> ToolCalls(int choiceIndex)
    {
        if (!_toolCalls.TryGetValue(choiceIndex, out var set))
            _toolCalls[choiceIndex] = set = [];
        return set;
    }
}
