namespace Gatehouse.Gateway.Identity;

/// <summary>First start: makes sure someone can administer the gateway.</summary>
public static class AdminBootstrap
{
    /// <summary>
    /// When the store holds no key at all, creates an admin key (principal <c>admin</c>, tenant <c>default</c>) and
    /// returns it, to be shown once; otherwise returns null. Revoked or expired keys count as "has keys", so revoking
    /// the bootstrap key never silently mints a new one.
    /// </summary>
    public static string? CreateAdminKeyIfEmpty(ApiKeyStore store)
    {
        if (store.List().Count > 0)
            return null;
        return store.Create("admin", "default", [Principal.AdminRole], null).Key;
    }
}
