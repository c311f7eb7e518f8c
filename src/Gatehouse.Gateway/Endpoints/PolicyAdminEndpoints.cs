using System.Text.Json.Nodes;
using Gatehouse.Gateway.Hosting;
using Gatehouse.Gateway.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gatehouse.Gateway.Endpoints;

/// <summary>The policy admin API: the serving bundle and its reload.</summary>
internal static class PolicyAdminEndpoints
{
    /// <summary>Maps <c>GET /admin/policy</c> and <c>POST /admin/policy/reload</c>.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/policy", (PolicyBundle bundle) => AdminEndpoints.Json(Describe(bundle, bundle.LastResult)))
            .DecidedAs("admin.policy.read");

        // 200 when the new bundle serves; 422 when it was rejected (the previous one keeps serving), with every error.
        app.MapPost("/admin/policy/reload", (HttpContext http, PolicyBundle bundle) =>
        {
            var result = bundle.Reload(http.GetPrincipal().Id);
            return AdminEndpoints.Json(Describe(bundle, result), result.Succeeded ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity);
        }).DecidedAs("admin.policy.reload");
    }

    private static JsonObject Describe(PolicyBundle bundle, PolicyReloadResult result) => new()
    {
        ["object"] = "policy.bundle",
        ["source"] = bundle.Source,
        ["revision"] = bundle.Revision,
        ["status"] = result.Succeeded ? "loaded" : "rejected",
        ["previous_revision"] = result.PreviousRevision,
        ["errors"] = new JsonArray(result.Errors.Select(e => (JsonNode)JsonValue.Create(e)!).ToArray()),
    };
}
