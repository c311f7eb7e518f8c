using System.Text.Json.Nodes;
using Gatehouse.Gateway.Pipeline;
using Gatehouse.Policy.Values;

namespace Gatehouse.Gateway.Policy;

/// <summary>
/// Maps the value of <c>data.gatehouse.decision</c> into a <see cref="GatewayDecision"/>, failing closed: an
/// undefined or ill-typed decision, or an unknown action, denies the call with a reason that names the problem.
/// The engine's value is read as it is (a JSON tree built from it first cost more than the evaluation); JSON
/// <c>null</c> anywhere counts as absent, and a set counts as an array, as in the decision's JSON form.
/// </summary>
public static class DecisionMapper
{
    /// <summary>The decision for the JSON form of the value (null: the rule was undefined).</summary>
    public static GatewayDecision Map(JsonNode? json) => Map(json is null ? null : ValueJson.FromJson(json));

    /// <summary>The decision for the engine's value (null: the rule was undefined).</summary>
    public static GatewayDecision Map(Value? value)
    {
        if (value is null or NullValue)
            return GatewayDecision.Deny("policy error: data.gatehouse.decision is undefined for this request");
        if (value is not ObjectValue decision)
            return GatewayDecision.Deny($"policy error: data.gatehouse.decision is {Kind(value)}, not an object");
        if (Field(decision, "allow") is not BooleanValue allowValue)
            return GatewayDecision.Deny("policy error: data.gatehouse.decision.allow is missing or not a boolean");

        var problems = new List<string>();
        var reasons = Reasons(Field(decision, "reasons"), problems);
        var inputActions = Actions(decision, "input_actions", problems);
        var outputActions = Actions(decision, "output_actions", problems);
        var defaultOutput = Field(decision, "default_output_action") is { } d ? Action(d, "default_output_action", problems) : EntityAction.Mask;
        var restore = Boolean(decision, "restore_pseudonyms", problems);
        var store = Boolean(decision, "store_payloads", problems);
        var limits = Limits(Field(decision, "limits"), problems);
        if (problems.Count > 0)
            return GatewayDecision.Deny(problems.Select(p => "policy error: " + p).ToArray());

        var allow = allowValue.Value;
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

    // A member that is JSON null is the same as one that is absent.
    private static Value? Field(ObjectValue decision, string name) => decision.Get(name) is { } v and not NullValue ? v : null;

    private static List<string> Reasons(Value? value, List<string> problems)
    {
        var reasons = new List<string>();
        switch (value)
        {
            case null:
                break;
            case StringValue single:
                reasons.Add(single.Value);
                break;
            case ArrayValue or SetValue:
                foreach (var item in (IEnumerable<Value>)value)
                    if (item is StringValue text)
                        reasons.Add(text.Value);
                    else
                        problems.Add("data.gatehouse.decision.reasons must hold strings only");
                break;
            default:
                problems.Add($"data.gatehouse.decision.reasons is {Kind(value)}, not an array of strings");
                break;
        }
        return reasons;
    }

    private static Dictionary<string, EntityAction> Actions(ObjectValue decision, string field, List<string> problems)
    {
        var actions = new Dictionary<string, EntityAction>(StringComparer.Ordinal);
        switch (Field(decision, field))
        {
            case null:
                break;
            case ObjectValue map:
                foreach (var (key, value) in map)
                {
                    var type = key is StringValue s ? s.Value : ValueJson.ToJsonString(key);
                    if (value is NullValue)
                        problems.Add($"data.gatehouse.decision.{field}.{type} is null, not an action");
                    else if (Action(value, $"{field}.{type}", problems) is { } action)
                        actions[type] = action;
                }
                break;
            case var other:
                problems.Add($"data.gatehouse.decision.{field} is {Kind(other)}, not an object");
                break;
        }
        return actions;
    }

    private static EntityAction? Action(Value value, string field, List<string> problems)
    {
        if (value is StringValue name)
        {
            var action = ParseAction(name.Value);
            if (action is null)
                problems.Add($"unknown action '{name.Value}' in data.gatehouse.decision.{field} (expected allow, mask, redact, hash, pseudonymize, encrypt or block)");
            return action;
        }
        problems.Add($"data.gatehouse.decision.{field} is {Kind(value)}, not an action name");
        return null;
    }

    private static bool Boolean(ObjectValue decision, string field, List<string> problems)
    {
        switch (Field(decision, field))
        {
            case null:
                return false;
            case BooleanValue b:
                return b.Value;
            case var other:
                problems.Add($"data.gatehouse.decision.{field} is {Kind(other)}, not a boolean");
                return false;
        }
    }

    private static DecisionLimits Limits(Value? value, List<string> problems)
    {
        if (value is null)
            return DecisionLimits.None;
        if (value is not ObjectValue limits)
        {
            problems.Add($"data.gatehouse.decision.limits is {Kind(value)}, not an object");
            return DecisionLimits.None;
        }
        return new DecisionLimits(Limit(limits, "max_tokens", problems), Limit(limits, "requests_per_minute", problems), Limit(limits, "tokens_per_minute", problems));
    }

    // A limit of 0 (the shipped bundle's "no role grants a limit") means "no limit from this decision", as in the config.
    private static int? Limit(ObjectValue limits, string field, List<string> problems)
    {
        var value = Field(limits, field);
        if (value is null)
            return null;
        if (value is NumberValue number && number.ToDouble() is var n && double.IsFinite(n) && n >= 0 && n == Math.Floor(n))
            return n == 0 ? null : (int)Math.Min(n, int.MaxValue);
        problems.Add($"data.gatehouse.decision.limits.{field} is not a non-negative integer");
        return null;
    }

    private static string Kind(Value value) => value.Kind switch
    {
        ValueKind.Array or ValueKind.Set => "an array",
        ValueKind.String => "a string",
        ValueKind.Number => "a number",
        ValueKind.Boolean => "a boolean",
        ValueKind.Null => "null",
        _ => "an object",
    };
}
