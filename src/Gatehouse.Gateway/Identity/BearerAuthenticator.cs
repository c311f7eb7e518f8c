using Gatehouse.Gateway.Errors;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.Gateway.Identity;

/// <summary>
/// The authenticate stage: reads <c>Authorization: Bearer …</c> and checks it as a Gatehouse API key (<c>gh_…</c>) or,
/// when OIDC is configured, as a JWT. Failures are 401 errors that say what is wrong without revealing whether a key id exists.
/// </summary>
public sealed class BearerAuthenticator(ApiKeyStore? keys, OidcTokenValidator? oidc)
{
    /// <summary>Returns the caller, or throws a 401 <see cref="GatewayException"/>.</summary>
    public async ValueTask<Principal> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var header = request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
            throw GatewayErrors.Unauthenticated("You didn't provide an API key. Send it as 'Authorization: Bearer YOUR_KEY'.", "missing_api_key");
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            throw GatewayErrors.Unauthenticated("The Authorization header must use the Bearer scheme.");
        var token = header["Bearer ".Length..].Trim();

        if (token.StartsWith(ApiKeyFormat.Prefix, StringComparison.Ordinal))
            return VerifyKey(token);
        if (oidc is not null)
            return await oidc.ValidateAsync(token, cancellationToken);
        throw GatewayErrors.Unauthenticated("Incorrect API key provided.");
    }

    /// <summary>
    /// The public id of the Gatehouse API key in <paramref name="request"/>'s Authorization header, or null when the
    /// credential is absent, not a bearer token, or not shaped like a Gatehouse key. Safe to record: never the secret.
    /// </summary>
    public static string? PresentedKeyId(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return null;
        return ApiKeyFormat.TryParse(header["Bearer ".Length..].Trim(), out var id, out _) ? id : null;
    }

    private Principal VerifyKey(string token)
    {
        if (keys is null)
            throw GatewayErrors.Unauthenticated("API keys are disabled on this gateway; use an OIDC token.");
        var (verdict, record) = keys.Verify(token);
        return verdict switch
        {
            ApiKeyStore.Verdict.Valid => new Principal(record!.Principal, record.Tenant, record.Roles,
                new Dictionary<string, IReadOnlyList<string>>(), AuthMethod.ApiKey, record.Id),
            ApiKeyStore.Verdict.Revoked => throw GatewayErrors.Unauthenticated($"The API key {record!.Id} has been revoked."),
            ApiKeyStore.Verdict.Expired => throw GatewayErrors.Unauthenticated($"The API key {record!.Id} expired at {record.ExpiresAt:O}."),
            _ => throw GatewayErrors.Unauthenticated("Incorrect API key provided."),
        };
    }
}
