namespace Gatehouse.Gateway.Identity;

/// <summary>How a caller proved who they are.</summary>
public enum AuthMethod
{
    /// <summary>A Gatehouse API key (<c>gh_…</c>).</summary>
    ApiKey,

    /// <summary>An OIDC/JWT bearer token.</summary>
    Jwt,
}

/// <summary>The authenticated caller, as every later pipeline stage sees it.</summary>
/// <param name="Id">Who: the key's principal name or the token's <c>sub</c>.</param>
/// <param name="Tenant">The tenant the caller acts for.</param>
/// <param name="Roles">Roles, e.g. <c>admin</c>, <c>analyst</c>.</param>
/// <param name="Claims">Other attributes (all token claims for JWTs; empty for API keys).</param>
/// <param name="AuthMethod">How the caller authenticated.</param>
/// <param name="KeyId">The API key id when <see cref="AuthMethod"/> is <see cref="Identity.AuthMethod.ApiKey"/>.</param>
public sealed record Principal(
    string Id,
    string Tenant,
    IReadOnlyList<string> Roles,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Claims,
    AuthMethod AuthMethod,
    string? KeyId)
{
    /// <summary>The role that may use the admin API and every model.</summary>
    public const string AdminRole = "admin";

    /// <summary>Whether the caller has <paramref name="role"/>.</summary>
    public bool HasRole(string role) => Roles.Contains(role, StringComparer.Ordinal);

    /// <summary>Whether the caller is an administrator.</summary>
    public bool IsAdmin => HasRole(AdminRole);
}
