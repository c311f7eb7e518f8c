using System.Text.Json.Nodes;
using Gatehouse.Gateway.Audit;
using Gatehouse.Gateway.Configuration;
using Gatehouse.Gateway.Hosting;
using Gatehouse.Gateway.Errors;
using Gatehouse.Gateway.Identity;
using Gatehouse.Gateway.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gatehouse.Gateway.Endpoints;

/// <summary>
/// The admin API under <c>/admin</c> (the authentication middleware admits only the admin role): key management and a
/// detailed health report.
/// </summary>
internal static class AdminEndpoints
{
    /// <summary>Maps the routes.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/keys", (ApiKeyStore store, TimeProvider clock) =>
            Json(new JsonObject { ["object"] = "list", ["data"] = new JsonArray(store.List().Select(k => (JsonNode)Describe(k, clock.GetUtcNow())).ToArray()) }))
            .DecidedAs("admin.keys.list");

        app.MapPost("/admin/keys", async (HttpContext http, ApiKeyStore store, TimeProvider clock, GatewayConfig config, AdminAuditTrail trail) =>
        {
            var body = await RequestBodyReader.ReadObjectAsync(http.Request, config.Server.MaxRequestBodyBytes, http.RequestAborted);
            var principal = RequestBodyReader.RequiredString(body, "principal");
            var tenant = RequestBodyReader.RequiredString(body, "tenant");
            RequestBodyReader.Require(body, "roles", System.Text.Json.JsonValueKind.Array);
            var roles = body["roles"]!.AsArray().Select(r => r is JsonValue v && v.TryGetValue<string>(out var s) ? s
                : throw GatewayErrors.InvalidRequest("Invalid type for 'roles': expected an array of strings.", "roles", "invalid_type")).ToList();
            DateTimeOffset? expiresAt = null;
            if (body["expires"] is not null)
            {
                var text = RequestBodyReader.RequiredString(body, "expires");
                if (!ExpiryParser.TryParse(text, clock.GetUtcNow(), out var at, out var error))
                    throw GatewayErrors.InvalidRequest("Invalid value for 'expires': " + error, "expires", "invalid_value");
                expiresAt = at;
            }
            try
            {
                var (record, key) = store.Create(principal, tenant, roles, expiresAt);
                await trail.KeyCreatedAsync(http.GetPrincipal(), record);
                var json = Describe(record, clock.GetUtcNow());
                json["key"] = key;
                return Json(json, StatusCodes.Status201Created);
            }
            catch (ArgumentException e)
            {
                throw GatewayErrors.InvalidRequest(e.Message, code: "invalid_value");
            }
        }).DecidedAs("admin.keys.create");

        app.MapDelete("/admin/keys/{id}", async (HttpContext http, string id, ApiKeyStore store, TimeProvider clock, AdminAuditTrail trail) =>
        {
            if (!store.Revoke(id))
                throw new GatewayException(404, "invalid_request_error", "key_not_found", $"No API key with id '{id}'.", "id");
            var record = store.List().First(k => k.Id == id);
            await trail.KeyRevokedAsync(http.GetPrincipal(), record);
            return Json(Describe(record, clock.GetUtcNow()));
        }).DecidedAs("admin.keys.revoke");

        app.MapGet("/admin/health", (ApiKeyStore store, GatewayStages stages, GatewayConfig config) =>
        {
            var storeOk = HealthEndpoints.StoreReachable(store, out var storeError);
            var models = new JsonArray(stages.Models.All.Select(m => (JsonNode)new JsonObject
            {
                ["alias"] = m.Alias,
                ["demo"] = m.IsDemo,
                ["upstream"] = m.IsDemo ? "in-process" : m.Primary.BaseUrl.GetLeftPart(UriPartial.Authority),
                ["upstream_model"] = m.Primary.UpstreamModel,
                ["fallbacks"] = new JsonArray(m.Candidates.Skip(1).Select(c => (JsonNode)JsonValue.Create(c.Alias)!).ToArray()),
            }).ToArray());
            return Json(new JsonObject
            {
                ["status"] = storeOk ? "ok" : "degraded",
                ["identity_store"] = storeOk ? "ok" : storeError,
                ["config_file"] = config.SourceFile,
                ["api_keys"] = config.Auth.ApiKeys,
                ["oidc"] = config.Auth.Oidc is not null,
                ["models"] = models,
            }, storeOk ? 200 : 503);
        }).DecidedAs("admin.health.read");
    }

    private static JsonObject Describe(ApiKeyRecord key, DateTimeOffset now) => new()
    {
        ["id"] = key.Id,
        ["principal"] = key.Principal,
        ["tenant"] = key.Tenant,
        ["roles"] = new JsonArray(key.Roles.Select(r => (JsonNode)JsonValue.Create(r)!).ToArray()),
        ["created_at"] = key.CreatedAt.ToString("O"),
        ["expires_at"] = key.ExpiresAt?.ToString("O"),
        ["revoked_at"] = key.RevokedAt?.ToString("O"),
        ["status"] = key.Status(now),
    };

    internal static IResult Json(JsonObject body, int status = 200) => Results.Text(body.ToJsonString(Hosting.GatewayJson.Options), "application/json", statusCode: status);
}
