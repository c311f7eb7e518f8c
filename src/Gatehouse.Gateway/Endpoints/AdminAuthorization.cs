using Gatehouse.Gateway.Errors;
using Gatehouse.Gateway.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Gateway.Endpoints;

/// <summary>
/// Admin routes are decided by policy too, on top of the built-in admin-role check of the authentication middleware
/// (never weaker than either): each route names its endpoint <c>admin.&lt;area&gt;.&lt;verb&gt;</c> and the decide
/// stage must allow it. A denial answers 403 with the policy's reasons and is recorded in the audit log.
/// </summary>
internal static class AdminAuthorization
{
    /// <summary>Requires the policy to allow <paramref name="endpoint"/> before the route runs.</summary>
    public static RouteHandlerBuilder DecidedAs(this RouteHandlerBuilder route, string endpoint) =>
        route.AddEndpointFilter(async (invocation, next) =>
        {
            var http = invocation.HttpContext;
            var services = http.RequestServices;
            var context = GatewayPipeline.ContextFor(http, endpoint, services.GetRequiredService<TimeProvider>().GetUtcNow());
            context.Decision = await services.GetRequiredService<IPolicyDecider>().DecideAsync(context, http.RequestAborted);
            if (context.Decision.Allow)
                return await next(invocation);
            var denied = GatewayErrors.PermissionDenied("Request denied: " + string.Join("; ", context.Decision.Reasons));
            context.Status = denied.Status;
            context.ErrorCode = denied.Code;
            await services.GetRequiredService<IAuditSink>().RecordAsync(context, CancellationToken.None);
            throw denied;
        });
}
