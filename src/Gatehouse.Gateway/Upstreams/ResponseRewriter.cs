using System.Text.Json;
using System.Text.Json.Nodes;
using Gatehouse.Gateway.Errors;
using Gatehouse.Gateway.Pipeline;

namespace Gatehouse.Gateway.Upstreams;

/// <summary>
/// Rewrites upstream JSON (whole responses and stream chunks) for the caller: <c>model</c> goes back to the alias the
/// caller used, generated text passes through the output guard, and usage is copied onto the context. Generated text
/// is every field a model writes into: content (or completion text), reasoning (<c>reasoning_content</c>,
/// <c>reasoning</c>), <c>refusal</c>, tool-call and legacy <c>function_call</c> arguments, each a stream of its own;
/// per-token <c>logprobs</c> are removed while the guard may rewrite (they would repeat the raw tokens). Nothing else
/// changes.
/// </summary>
internal static class ResponseRewriter
{
    /// <summary>Text fields of a <c>message</c> or <c>delta</c> besides <c>content</c>, with their guard streams.</summary>
    private static readonly (string Name, TextField Field)[] OtherTextFields =
    [
        ("reasoning_content", TextField.ReasoningContent),
        ("reasoning", TextField.Reasoning),
        ("refusal", TextField.Refusal),
    ];

    /// <summary>Rewrites a complete response body.</summary>
    public static void RewriteWhole(JsonObject body, GatewayContext context, IOutputGuardSession guard)
    {
        RewriteModel(body, context);
        if (body["choices"] is JsonArray choices)
            foreach (var choice in choices.OfType<JsonObject>())
            {
                var index = Index(choice);
                DropLogprobs(choice, guard);
                var message = choice["message"] as JsonObject;
                if (message is not null)
                {
                    GuardWholeField(message, "content", index, guard);
                    foreach (var (name, field) in OtherTextFields)
                        GuardWholeField(message, name, OutputChannels.Field(index, field), guard);
                    GuardToolCalls(message, index, guard);
                    if (message["function_call"] is JsonObject function)
                        GuardWholeField(function, "arguments", OutputChannels.LegacyFunctionArguments(index), guard);
                }
                GuardWholeField(choice, "text", message is null ? index : OutputChannels.Field(index, TextField.CompletionText), guard);
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
                // An empty reason is none (some servers send "" on every chunk): a finish flushes the guard and forgets its context.
                var finished = StringOf(choice["finish_reason"], "finish_reason") is { Length: > 0 };
                tally.Track(index, finished);
                RewriteChoice(choice, index, finished, context, guard, tally);
            }
        ReadUsage(chunk, context);
    }

    /// <summary>
    /// A chunk of its own with what the guard still holds for choice <paramref name="index"/>, for a stream that ends
    /// (<c>[DONE]</c>) without that choice's finish; null when it holds nothing.
    /// </summary>
    public static JsonObject? ReleaseHeld(int index, GatewayContext context, IOutputGuardSession guard, StreamTally tally)
    {
        var chat = IsChat(context);
        var choice = new JsonObject { ["index"] = index };
        var chunk = new JsonObject { ["object"] = chat ? "chat.completion.chunk" : "text_completion" };
        if (context.ModelAlias is not null)
            chunk["model"] = context.ModelAlias;
        RewriteChoice(choice, index, finished: true, context, guard, tally);
        if (choice["delta"] is JsonObject { Count: 0 })
            return null;
        if (!chat && !choice.ContainsKey("text"))
            return null;
        choice["finish_reason"] = null;
        chunk["choices"] = new JsonArray(choice);
        return chunk;
    }

    private static void RewriteChoice(JsonObject choice, int index, bool finished, GatewayContext context, IOutputGuardSession guard, StreamTally tally)
    {
        DropLogprobs(choice, guard);
        var delta = choice["delta"] as JsonObject;
        if (delta is null && finished && !choice.ContainsKey("text") && IsChat(context))
            // A chat finish without a delta: what the guard still holds is released in one, not dropped.
            choice["delta"] = delta = new JsonObject();
        if (delta is not null)
        {
            GuardField(delta, "content", index, finished, guard, tally);
            foreach (var (name, field) in OtherTextFields)
                GuardField(delta, name, OutputChannels.Field(index, field), finished, guard, tally);
            GuardToolCallDeltas(delta, index, finished, guard, tally);
            GuardLegacyFunctionCallDelta(delta, index, finished, guard, tally);
        }
        if (delta is null || choice.ContainsKey("text"))
            GuardField(choice, "text", delta is null ? index : OutputChannels.Field(index, TextField.CompletionText), finished, guard, tally);
    }

    /// <summary>Whether the caller asked the chat endpoint (its stream's text goes in deltas; the upstream's <c>object</c> may be missing).</summary>
    private static bool IsChat(GatewayContext context) => context.Endpoint == "chat.completions";

    /// <summary>Per-token log probabilities name every raw token: they go while the guard may change or hold text.</summary>
    private static void DropLogprobs(JsonObject choice, IOutputGuardSession guard)
    {
        if (guard.MayRewrite && choice["logprobs"] is not null)
            choice["logprobs"] = null;
    }

    private static void GuardWholeField(JsonObject holder, string name, int channel, IOutputGuardSession guard)
    {
        if (TextOf(holder, name) is { } text)
            holder[name] = guard.GuardText(channel, text);
    }

    /// <summary>Stream: legacy <c>function_call.arguments</c> fragments, and at the finish what the guard still holds.</summary>
    private static void GuardLegacyFunctionCallDelta(JsonObject delta, int choiceIndex, bool finished, IOutputGuardSession guard, StreamTally tally)
    {
        var function = delta["function_call"] as JsonObject;
        if (function is null && !finished)
            return;
        function ??= new JsonObject();
        GuardField(function, "arguments", OutputChannels.LegacyFunctionArguments(choiceIndex), finished, guard, tally);
        if (function.Count > 0 && function.Parent is null)
            delta["function_call"] = function;
    }

    /// <summary>Whole answer: each tool call's arguments are guarded as their own text.</summary>
    private static void GuardToolCalls(JsonObject message, int choiceIndex, IOutputGuardSession guard)
    {
        if (message["tool_calls"] is not JsonArray calls)
            return;
        for (var i = 0; i < calls.Count; i++)
            if (calls[i] is JsonObject { } call && call["function"] is JsonObject function)
                GuardWholeField(function, "arguments", OutputChannels.ToolArguments(choiceIndex, i), guard);
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
            var toolIndex = IndexOf(call["index"], "tool call");
            seen.Add(toolIndex);
            if (call["function"] is JsonObject function && TextOf(function, "arguments") is { } fragment)
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
            var existing = calls.OfType<JsonObject>().FirstOrDefault(c => IndexOf(c["index"], "tool call") == toolIndex);
            if (existing is not null && existing["function"] is JsonObject function)
                function["arguments"] = (function["arguments"]?.GetValue<string>() ?? "") + rest;
            else
                calls.Add(new JsonObject { ["index"] = toolIndex, ["function"] = new JsonObject { ["arguments"] = rest } });
        }
        seen.Clear();
    }

    private static void GuardField(JsonObject holder, string field, int index, bool finished, IOutputGuardSession guard, StreamTally tally)
    {
        var original = TextOf(holder, field);
        var text = original is null ? "" : guard.GuardDelta(index, original);
        if (finished)
            text += guard.Flush(index);
        tally.CompletionCharacters += text.Length;
        if (original is not null || text.Length > 0)
            holder[field] = text;
    }

    /// <summary>
    /// The text of a string node; null for any other node. A string that is not valid Unicode (a lone surrogate escape)
    /// cannot be scanned as the caller would read it: the answer stops with an upstream error.
    /// </summary>
    private static string? StringOf(JsonNode? node, string name)
    {
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
            return null;
        try
        {
            return value.GetValue<string>();
        }
        catch (InvalidOperationException e)
        {
            throw GatewayErrors.UpstreamUnavailable($"The upstream sent \"{name}\" text that is not valid Unicode ({e.Message}); the answer was stopped rather than passed on unscanned");
        }
    }

    /// <summary>
    /// A generated-text member's text, or null when absent or null. Text in a shape the guard cannot read (an array of
    /// parts, say) is not passed on unscanned: the answer stops.
    /// </summary>
    private static string? TextOf(JsonObject holder, string name)
    {
        var node = holder[name];
        if (StringOf(node, name) is { } text)
            return text;
        if (node is not null && node.GetValueKind() != JsonValueKind.Null)
            throw GatewayErrors.UpstreamUnavailable($"The upstream sent \"{name}\" in a shape the output guard cannot scan (not a string); the answer was stopped rather than passed on unscanned");
        return null;
    }

    private static void RewriteModel(JsonObject body, GatewayContext context)
    {
        if (body.ContainsKey("model") && context.ModelAlias is not null)
            body["model"] = context.ModelAlias;
    }

    private static int Index(JsonObject choice) => IndexOf(choice["index"], "choice");

    /// <summary>
    /// A choice's or tool call's <c>index</c>: 0 when absent. Any other value than a whole number from 0 up stops the
    /// answer: the guard keys each text stream by it, and a client that reads it differently (1.0 as 1, say) would join
    /// text the guard scanned apart.
    /// </summary>
    private static int IndexOf(JsonNode? node, string of)
    {
        if (node is null)
            return 0;
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var index) && index >= 0)
            return index;
        throw GatewayErrors.UpstreamUnavailable($"The upstream sent a {of} index that is not a whole number from 0 up (a {node.GetValueKind()}, value not repeated here: it may be generated text); the answer was stopped rather than guarded under the wrong index");
    }

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
    private readonly HashSet<int> _unfinished = [];

    /// <summary>Notes that choice <paramref name="choiceIndex"/> sent a chunk, and whether it finished there.</summary>
    public void Track(int choiceIndex, bool finished)
    {
        if (finished)
            _unfinished.Remove(choiceIndex);
        else
            _unfinished.Add(choiceIndex);
    }

    /// <summary>Choices that sent text but no finish yet (the guard may still hold some of it), in index order.</summary>
    public IEnumerable<int> Unfinished() => _unfinished.Order();

    /// <summary>Tool-call indexes seen so far in choice <paramref name="choiceIndex"/> (their guards may hold text).</summary>
    public HashSet<int> ToolCalls(int choiceIndex)
    {
        if (!_toolCalls.TryGetValue(choiceIndex, out var set))
            _toolCalls[choiceIndex] = set = [];
        return set;
    }
}
