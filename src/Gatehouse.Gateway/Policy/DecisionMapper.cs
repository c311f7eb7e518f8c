using System.Text.Json;
using System.Text.Json.Nodes;
using Gatehouse.Gateway.Pipeline;

namespace Gatehouse.Gateway.Policy;

/// <summary>
/// Maps the JSON value of <c>data.gatehouse.decision</c> into a <see cref="GatewayDecision"/>, failing closed: an
/// undefined or ill-typed decision, or an unknown action, denies the call with a reason that names the problem.
/// </summary>
public static class DecisionMapper
{
    /// <summary>The decision for <paramref name="json"/> (null: the rule was undefined).</summary>
    public static GatewayDecision Map(JsonNode? json)
    {
        if (json is null)
            return GatewayDecision.Deny("policy error: data.gatehouse.decision is undefined for this request");
        if (json is not JsonObject decision)
            return GatewayDecision.Deny($"policy error: data.gatehouse.decision is {Kind(json)}, not an object");
        if (decision["allow"] is not JsonValue allowValue || allowValue.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            return GatewayDecision.Deny("policy error: data.gatehouse.decision.allow is missing or not a boolean");

        var problems = new List<string>();
        var reasons = Reasons(decision["reasons"], problems);
        var inputActions = Actions(decision, "input_actions", problems);
        var outputActions = Actions(decision, "output_actions", problems);
        var defaultOutput = decision["default_output_action"] is { } d ? Action(d, "default_output_action", problems) : EntityAction.Mask;
        var restore = Boolean(decision, "restore_pseudonyms", problems);
        var store = Boolean(decision, "store_payloads", problems);
        var limits = Limits(decision["limits"], problems);
        if (problems.Count > 0)
            return GatewayDecision.Deny(problems.Select(p => "policy error: " + p).ToArray());

        var allow = allowValue.GetValue<bool>();
        if (reasons.Count == 0)
            reasons.Add(allow ? "allowed by policy" : "denied by policy");
        return new GatewayDecision(allow, reasons, inputActions, outputActions, limits)
        {
            DefaultOutputAction = defaultOutput ?? EntityAction.Mask,
            RestorePseudonyms = restore,
            StorePayloads = store,
        };
    }

    /// <summary>Parses an action name as docs/policy.md spells it (lower case), or null when unknown.</summary>
    public static EntityAction? ParseAction(string name) => name switch
    {
        "allow" => EntityAction.Allow,
        "mask" => EntityAction.Mask,
        "redact" => EntityAction.Redact,
        "block" => EntityAction.Block,
        "hash" => EntityAction.Hash,
        "pseudonymize" => EntityAction.Pseudonymize,
        "encrypt" => EntityAction.Encrypt,
        _ => null,
    };

    private static List<string> Reasons(JsonNode? node, List<string> problems)
    {
        var reasons = new List<string>();
        switch (node)
        {
            case null:
                break;
            case JsonValue v when v.TryGetValue<string>(out var single):
                reasons.Add(single);
                break;
            case JsonArray array:
                foreach (var item in array)
                    if (item is JsonValue s && s.TryGetValue<string>(out var text))
                        reasons.Add(text);
                    else
                        problems.Add("data.gatehouse.decision.reasons must hold strings only");
                break;
            default:
                problems.Add($"data.gatehouse.decision.reasons is {Kind(node)}, not an array of strings");
                break;
        }
        return reasons;
    }

    private static Dictionary<string, EntityAction> Actions(JsonObject decision, string field, List<string> problems)
    {
        var actions = new Dictionary<string, EntityAction>(StringComparer.Ordinal);
        switch (decision[field])
        {
            case null:
                break;
            case JsonObject map:
                foreach (var (type, value) in map)
                    if (value is not null && Action(value, $"{field}.{type}", problems) is { } action)
                        actions[type] = action;
                    else if (value is null)
                        problems.Add($"data.gatehouse.decision.{field}.{type} is null, not an action");
                break;
            default:
                problems.Add($"data.gatehouse.decision.{field} is {Kind(decision[field]!)}, not an object");
                break;
        }
        return actions;
    }

    private static EntityAction? Action(JsonNode node, string field, List<string> problems)
    {
        if (node is JsonValue v && v.TryGetValue<string>(out var name))
        {
            var action = ParseAction(name);
            if (action is null)
                problems.Add($"unknown action '{name}' in data.gatehouse.decision.{field} (expected allow, mask, redact, hash, pseudonymize, encrypt or block)");
            return action;
        }
        problems.Add($"data.gatehouse.decision.{field} is {Kind(node)}, not an action name");
        return null;
    }

    private static bool Boolean(JsonObject decision, string field, List<string> problems)
    {
        switch (decision[field])
        {
            case null:
                return false;
            case JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                return v.GetValue<bool>();
            default:
                problems.Add($"data.gatehouse.decision.{field} is {Kind(decision[field]!)}, not a boolean");
                return false;
        }
    }

    private static DecisionLimits Limits(JsonNode? node, List<string> problems)
    {
        if (node is null)
            return DecisionLimits.None;
        if (node is not JsonObject limits)
        {
            problems.Add($"data.gatehouse.decision.limits is {Kind(node)}, not an object");
            return DecisionLimits.None;
        }
        return new DecisionLimits(Limit(limits, "max_tokens", problems), Limit(limits, "requests_per_minute", problems), Limit(limits, "tokens_per_minute", problems));
    }

    // A limit of 0 (the shipped bundle's "no role grants a limit") means "no limit from this decision", as in the config.
    private static int? Limit(JsonObject limits, string field, List<string> problems)
    {
        var node = limits[field];
        if (node is null)
            return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var n) && n >= 0 && n == Math.Floor(n))
            return n == 0 ? null : (int)Math.Min(n, int.MaxValue);
        problems.Add($"data.gatehouse.decision.limits.{field} is not a non-negative integer");
        return null;
    }

    private static string Kind(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "an object",
    };
}
