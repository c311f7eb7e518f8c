using System.Text.Json;
using System.Text.Json.Nodes;
using Gatehouse.Gateway.Pipeline;

namespace Gatehouse.Gateway.Policy;

/// <summary>
/// Builds the input document of <c>data.gatehouse.decision</c> from a request's context, exactly as docs/policy.md
/// documents it (principal, request, model, findings, context). Values of findings never enter it.
/// </summary>
public static class PolicyInputBuilder
{
    /// <summary>The purpose assumed when the caller declares none.</summary>
    public const string DefaultPurpose = "general";

    /// <summary>The input for <paramref name="context"/>; <paramref name="categories"/> maps entity types to their policy category.</summary>
    public static JsonObject Build(GatewayContext context, string environment, IReadOnlyDictionary<string, string> categories)
    {
        var input = new JsonObject
        {
            ["principal"] = Principal(context),
            ["request"] = Request(context),
            ["findings"] = Findings(context, categories),
            ["context"] = new JsonObject
            {
                ["time"] = context.StartedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"),
                ["client_address"] = context.ClientAddress,
                ["environment"] = environment,
                ["request_id"] = context.RequestId,
            },
        };
        if (context.Model is { } model)
            input["model"] = Model(model);
        return input;
    }

    private static JsonObject Principal(GatewayContext context)
    {
        var p = context.Principal;
        var claims = new JsonObject();
        foreach (var (name, values) in p.Claims)
            claims[name] = values.Count == 1 ? values[0] : Strings(values);
        return new JsonObject
        {
            ["id"] = p.Id,
            ["tenant"] = p.Tenant,
            ["roles"] = Strings(p.Roles),
            ["claims"] = claims,
            ["auth_method"] = p.AuthMethod == Identity.AuthMethod.ApiKey ? "api_key" : "jwt",
        };
    }

    private static JsonObject Request(GatewayContext context)
    {
        var body = context.RequestBody;
        var request = new JsonObject
        {
            ["endpoint"] = context.Endpoint,
            ["method"] = context.Method,
            ["path"] = context.Path,
            ["purpose"] = string.IsNullOrWhiteSpace(context.Purpose) ? DefaultPurpose : context.Purpose,
            ["stream"] = context.Stream,
        };
        if (context.ModelAlias is not null)
            request["model"] = context.ModelAlias;
        if (body is null)
            return request;
        if (MaxTokens(body) is { } maxTokens)
            request["max_tokens"] = maxTokens;
        request["tools"] = Strings(ToolNames(body));
        request["message_count"] = body["messages"] is JsonArray messages ? messages.Count : 0;
        request["input_chars"] = InputChars(body);
        return request;
    }

    private static JsonObject Model(ResolvedModel model)
    {
        var json = new JsonObject
        {
            ["alias"] = model.Alias,
            ["name"] = model.RegistryName ?? model.Primary.UpstreamModel,
            ["demo"] = model.IsDemo,
            // Not bound to the registry: nothing to approve, so the policy sees an approved model (docs/gateway.md).
            ["approved"] = model.Approved ?? true,
            // The roles gatehouse.yaml lists for the alias (its `roles:`), so operators can open a model to a role
            // without editing the bundle; the shipped policy honours them next to data.gatehouse.roles.
            ["roles"] = Strings(model.Primary.Roles),
        };
        if (model.Version is not null)
            json["version"] = model.Version;
        return json;
    }

    private static JsonArray Findings(GatewayContext context, IReadOnlyDictionary<string, string> categories)
    {
        var findings = new JsonArray();
        foreach (var f in FindingSummary.Of(context))
        {
            var json = new JsonObject { ["type"] = f.Type };
            if (categories.TryGetValue(f.Type, out var category))
                json["category"] = category;
            json["path"] = f.Path;
            json["score"] = f.Score;
            json["count"] = f.Count;
            findings.Add(json);
        }
        return findings;
    }

    private static int? MaxTokens(JsonObject body)
    {
        foreach (var name in (ReadOnlySpan<string>)["max_completion_tokens", "max_tokens"])
            if (body[name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var n))
                return n;
        return null;
    }

    private static IEnumerable<string> ToolNames(JsonObject body)
    {
        if (body["tools"] is not JsonArray tools)
            yield break;
        foreach (var tool in tools)
            if (tool?["function"]?["name"] is JsonValue name && name.TryGetValue<string>(out var s))
                yield return s;
    }

    // The characters of what the caller sends for the model to read: message contents, prompt or embedding input.
    private static long InputChars(JsonObject body) => Chars(body["messages"]) + Chars(body["prompt"]) + Chars(body["input"]);

    private static long Chars(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s.Length,
        JsonArray a => a.Sum(Chars),
        JsonObject o => Chars(o["content"]) + Chars(o["text"]),
        _ => 0,
    };

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray());
}
