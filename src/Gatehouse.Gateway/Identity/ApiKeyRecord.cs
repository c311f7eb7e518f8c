namespace Gatehouse.Gateway.Identity;

/// <summary>What the store knows about one API key. Never holds the key itself.</summary>
/// <param name="Id">The key id (the part after <c>gh_</c>).</param>
/// <param name="Principal">Who the key acts as.</param>
/// <param name="Tenant">The tenant the key acts for.</param>
/// <param name="Roles">Roles granted.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="ExpiresAt">When it stops working, or null for never.</param>
/// <param name="RevokedAt">When it was revoked, or null.</param>
public sealed record ApiKeyRecord(
    string Id,
    string Principal,
    string Tenant,
    IReadOnlyList<string> Roles,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt)
{
    /// <summary>Whether the key is revoked.</summary>
    public bool IsRevoked => RevokedAt is not null;

    /// <summary>Whether the key has expired at <paramref name="now"/>.</summary>
    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } expires && expires <= now;

    /// <summary>"active", "revoked" or "expired", for listings.</summary>
    public string Status(DateTimeOffset now) => IsRevoked ? "revoked" : IsExpired(now) ? "expired" : "active";
}
