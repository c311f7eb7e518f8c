using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gatehouse.Gateway.Pipeline;
using Gatehouse.Policy.Values;

namespace Gatehouse.Gateway.Policy;

/// <summary>
/// Builds the input document of <c>data.gatehouse.decision</c> from a request's context, exactly as docs/policy.md
/// documents it (principal, request, model, findings, context). Values of findings never enter it.
/// </summary>
public static class PolicyInputBuilder
{
    /// <summary>The purpose assumed when the caller declares none.</summary>
    public const string DefaultPurpose = "general";

    /// <summary>
    /// The input for <paramref name="context"/>; <paramref name="categories"/> maps entity types to their policy category.
    /// Built straight as the policy engine's values: a JSON tree converted afterwards cost a parse per leaf.
    /// </summary>
    public static ObjectValue Build(GatewayContext context, string environment, IReadOnlyDictionary<string, string> categories)
    {
        var input = new Dictionary<Value, Value>(5)
        {
            [Key("principal")] = Principal(context),
            [Key("request")] = Request(context),
            [Key("findings")] = Findings(context, categories),
            [Key("context")] = ObjectValue.FromOwned(new Dictionary<Value, Value>(4)
            {
                [Key("time")] = context.StartedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                [Key("client_address")] = Text(context.ClientAddress),
                [Key("environment")] = environment,
                [Key("request_id")] = context.RequestId,
            }),
        };
        if (context.Model is { } model)
            input[Key("model")] = Model(model);
        return ObjectValue.FromOwned(input);
    }

    private static ObjectValue Principal(GatewayContext context)
    {
        var p = context.Principal;
        var claims = new Dictionary<Value, Value>(p.Claims.Count);
        foreach (var (name, values) in p.Claims)
            claims[Key(name)] = values.Count == 1 ? Text(values[0]) : Strings(values);
        return ObjectValue.FromOwned(new Dictionary<Value, Value>(5)
        {
            [Key("id")] = p.Id,
            [Key("tenant")] = Text(p.Tenant),
            [Key("roles")] = Strings(p.Roles),
            [Key("claims")] = ObjectValue.FromOwned(claims),
            [Key("auth_method")] = p.AuthMethod == Identity.AuthMethod.ApiKey ? ApiKeyMethod : JwtMethod,
        });
    }

    private static ObjectValue Request(GatewayContext context)
    {
        var body = context.RequestBody;
        var request = new Dictionary<Value, Value>(10)
        {
            [Key("endpoint")] = context.Endpoint,
            [Key("method")] = Text(context.Method),
            [Key("path")] = Text(context.Path),
            [Key("purpose")] = string.IsNullOrWhiteSpace(context.Purpose) ? DefaultPurpose : context.Purpose,
            [Key("stream")] = BooleanValue.Of(context.Stream),
        };
        if (context.ModelAlias is not null)
            request[Key("model")] = context.ModelAlias;
        if (body is not null)
        {
            if (MaxTokens(body) is { } maxTokens)
                request[Key("max_tokens")] = NumberValue.Of(maxTokens);
            request[Key("tools")] = ToolNames(body);
            request[Key("message_count")] = NumberValue.Of(body["messages"] is JsonArray messages ? messages.Count : 0);
            request[Key("input_chars")] = NumberValue.Of(InputChars(body));
        }
        return ObjectValue.FromOwned(request);
    }

    private static ObjectValue Model(ResolvedModel model)
    {
        var json = new Dictionary<Value, Value>(7)
        {
            [Key("alias")] = model.Alias,
            [Key("name")] = model.RegistryName ?? model.Primary.UpstreamModel,
            [Key("demo")] = BooleanValue.Of(model.IsDemo),
            // Not bound to the registry: nothing to approve, so the policy sees an approved model (docs/gateway.md).
            [Key("approved")] = BooleanValue.Of(model.Approved ?? true),
            // The roles gatehouse.yaml lists for the alias (its `roles:`), so operators can open a model to a role
            // without editing the bundle; the shipped policy honours them next to data.gatehouse.roles.
            [Key("roles")] = Strings(model.Primary.Roles),
        };
        if (model.Version is not null)
            json[Key("version")] = model.Version;
        return ObjectValue.FromOwned(json);
    }

    private static ArrayValue Findings(GatewayContext context, IReadOnlyDictionary<string, string> categories)
    {
        var summary = FindingSummary.Of(context);
        if (summary.Count == 0)
            return ArrayValue.Empty;
        var findings = new Value[summary.Count];
        for (var i = 0; i < findings.Length; i++)
        {
            var f = summary[i];
            var json = new Dictionary<Value, Value>(5) { [Key("type")] = f.Type };
            if (categories.TryGetValue(f.Type, out var category))
                json[Key("category")] = category;
            json[Key("path")] = f.Path;
            json[Key("score")] = NumberValue.Of(f.Score);
            json[Key("count")] = NumberValue.Of(f.Count);
            findings[i] = ObjectValue.FromOwned(json);
        }
        return new ArrayValue(findings);
    }

    private static int? MaxTokens(JsonObject body)
    {
        foreach (var name in (ReadOnlySpan<string>)["max_completion_tokens", "max_tokens"])
            if (body[name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var n))
                return n;
        return null;
    }

    private static ArrayValue ToolNames(JsonObject body)
    {
        if (body["tools"] is not JsonArray { Count: > 0 } tools)
            return ArrayValue.Empty;
        var names = new List<Value>(tools.Count);
        foreach (var tool in tools)
            if (tool?["function"]?["name"] is JsonValue name && name.TryGetValue<string>(out var s))
                names.Add(new StringValue(s));
        return new ArrayValue(names);
    }

    // The characters of what the caller sends for the model to read: message contents, prompt or embedding input.
    private static long InputChars(JsonObject body) => Chars(body["messages"]) + Chars(body["prompt"]) + Chars(body["input"]);

    private static long Chars(JsonNode? node) => node switch
    {
        JsonValue v => Hosting.JsonStringLength.Of(v) ?? 0,
        JsonArray a => Sum(a),
        JsonObject o => Chars(o["content"]) + Chars(o["text"]),
        _ => 0,
    };

    // By index: enumerating a JsonArray allocates an enumerator per array.
    private static long Sum(JsonArray array)
    {
        long sum = 0;
        for (var i = 0; i < array.Count; i++)
            sum += Chars(array[i]);
        return sum;
    }

    private static ArrayValue Strings(IReadOnlyList<string> values)
    {
        if (values.Count == 0)
            return ArrayValue.Empty;
        var items = new Value[values.Count];
        for (var i = 0; i < items.Length; i++)
            items[i] = new StringValue(values[i]);
        return new ArrayValue(items);
    }

    // The policy's own instance of each key it selects (found by reference there), so the input allocates no key.
    private static StringValue Key(string name) => StringValue.OfKey(name);

    private static readonly StringValue ApiKeyMethod = new("api_key");
    private static readonly StringValue JwtMethod = new("jwt");

    // A missing text is JSON null in the input, as it always was.
    private static Value Text(string? text) => text is null ? NullValue.Instance : new StringValue(text);
}
