using Gatehouse.Gateway.Identity;
using Gatehouse.Gateway.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gatehouse.Gateway.Endpoints;

/// <summary>
/// Unauthenticated probes for orchestrators. They say only "up" or "ready"/"not ready"; details (which store, which
/// upstream) are in the admin-only <c>/admin/health</c>.
/// </summary>
internal static class HealthEndpoints
{
    /// <summary>Maps <c>/healthz</c> (process alive) and <c>/readyz</c> (identity store answers, at least one model known).</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Text("{\"status\":\"ok\"}", "application/json"));
        app.MapGet("/readyz", (ApiKeyStore store, GatewayStages stages) =>
            StoreReachable(store, out _) && stages.Models.All.Count > 0
                ? Results.Text("{\"status\":\"ready\"}", "application/json")
                : Results.Text("{\"status\":\"not_ready\"}", "application/json", statusCode: StatusCodes.Status503ServiceUnavailable));
    }

    /// <summary>Whether the identity store answers a query.</summary>
    public static bool StoreReachable(ApiKeyStore store, out string error)
    {
        try
        {
            store.Ping();
            error = "";
            return true;
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException or InvalidOperationException)
        {
            error = e.Message;
            return false;
        }
    }
}
