using Gatehouse.Gateway.Audit;
using Gatehouse.Gateway.Errors;
using Gatehouse.Gateway.Identity;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.Gateway.Hosting;

/// <summary>
/// Middleware for the authenticate stage: every route except the liveness and readiness probes requires a valid
/// credential (so unknown routes answer 401 to strangers, 404 only to callers who authenticated), and everything
/// under <c>/admin</c> requires the admin role, except the routes the policy alone decides (the weights download,
/// which a policy may grant to other roles; <see cref="Endpoints.ModelWeightsEndpoints.IsWeightsPath"/>). Every refused
/// credential is recorded in the audit log before the 401 goes out (<see cref="FailedAuthenticationAudit"/>).
/// </summary>
public sealed class Authentication(BearerAuthenticator authenticator, FailedAuthenticationAudit failures)
{
    private const string ItemKey = "gatehouse.principal";

    /// <summary>Paths that answer without credentials; they reveal nothing beyond "up" or "ready".</summary>
    public static readonly IReadOnlySet<string> PublicPaths = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "/healthz", "/readyz" };

    /// <summary>Authenticates the request, then runs the rest of the pipeline.</summary>
    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        if (PublicPaths.Contains(http.Request.Path.Value ?? ""))
        {
            await next(http);
            return;
        }
        Principal principal;
        try
        {
            principal = await authenticator.AuthenticateAsync(http.Request, http.RequestAborted);
        }
        catch (GatewayException refused) when (refused.Status == StatusCodes.Status401Unauthorized)
        {
            await failures.RecordAsync(http, refused, BearerAuthenticator.PresentedKeyId(http.Request));
            throw;
        }
        if (http.Request.Path.StartsWithSegments("/admin") && !principal.IsAdmin && !Endpoints.ModelWeightsEndpoints.IsWeightsPath(http.Request.Path))
            throw GatewayErrors.PermissionDenied("The admin API requires the 'admin' role.");
        http.Items[ItemKey] = principal;
        await next(http);
    }

    /// <summary>The authenticated caller of <paramref name="http"/>.</summary>
    public static Principal PrincipalOf(HttpContext http) =>
        http.Items[ItemKey] as Principal ?? throw new InvalidOperationException("no principal: the route bypassed authentication");
}

/// <summary>Shorthand for <see cref="Authentication.PrincipalOf"/>.</summary>
public static class PrincipalAccess
{
    /// <summary>The authenticated caller.</summary>
    public static Principal GetPrincipal(this HttpContext http) => Authentication.PrincipalOf(http);
}
