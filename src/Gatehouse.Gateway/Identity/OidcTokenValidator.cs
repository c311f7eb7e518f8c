using System.Security.Claims;
using Gatehouse.Gateway.Configuration;
using Gatehouse.Gateway.Errors;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gatehouse.Gateway.Identity;

/// <summary>
/// Validates OIDC/JWT bearer tokens (signature against the JWKS, issuer, audience, lifetime with one minute of clock
/// skew) and turns them into a <see cref="Principal"/> with roles and tenant from the configured claims.
/// </summary>
public sealed class OidcTokenValidator(OidcConfig config, JwksSource keys)
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    /// <summary>Validates <paramref name="token"/>; throws a 401 <see cref="GatewayException"/> saying why when it fails.</summary>
    public async ValueTask<Principal> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        string? keyId = null;
        try
        {
            keyId = _handler.ReadJsonWebToken(token).Kid;
        }
        catch (ArgumentException)
        {
            throw GatewayErrors.Unauthenticated("The bearer token is neither a Gatehouse API key nor a well-formed JWT.", "invalid_token");
        }

        var parameters = new TokenValidationParameters
        {
            ValidIssuer = config.Issuer,
            ValidAudience = config.Audience,
            IssuerSigningKeys = await keys.GetKeysAsync(keyId, cancellationToken),
            ClockSkew = TimeSpan.FromMinutes(1),
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
        };
        var result = await _handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid)
            throw GatewayErrors.Unauthenticated("The bearer token is not valid: " + Describe(result.Exception), "invalid_token");

        var identity = result.ClaimsIdentity;
        var subject = identity.FindFirst("sub")?.Value;
        if (string.IsNullOrEmpty(subject))
            throw GatewayErrors.Unauthenticated("The bearer token has no 'sub' claim.", "invalid_token");
        var claims = identity.Claims.GroupBy(c => c.Type)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(c => c.Value).ToList(), StringComparer.Ordinal);
        return new Principal(subject, identity.FindFirst(config.TenantClaim)?.Value ?? "default", Roles(identity), claims, AuthMethod.Jwt, null);
    }

    // A roles claim may be a JSON array (one claim per value) or one space- or comma-separated string.
    private IReadOnlyList<string> Roles(ClaimsIdentity identity) =>
        identity.FindAll(config.RolesClaim)
            .SelectMany(c => c.Value.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    private static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "it has expired.",
        SecurityTokenNotYetValidException => "it is not valid yet.",
        SecurityTokenInvalidAudienceException => "wrong audience.",
        SecurityTokenInvalidIssuerException => "wrong issuer.",
        SecurityTokenSignatureKeyNotFoundException => "signed by an unknown key.",
        SecurityTokenInvalidSignatureException => "bad signature.",
        SecurityTokenNoExpirationException => "it has no expiry.",
        null => "unknown reason.",
        _ => exception.GetType().Name.Replace("SecurityToken", "", StringComparison.Ordinal) + ".",
    };
}
