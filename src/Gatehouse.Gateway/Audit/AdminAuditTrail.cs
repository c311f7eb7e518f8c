using Gatehouse.Audit;
using Gatehouse.Audit.Records;
using Gatehouse.Gateway.Identity;

namespace Gatehouse.Gateway.Audit;

/// <summary>Records administrative actions (keys created or revoked, policy reloaded, ...) in the audit log.</summary>
public sealed class AdminAuditTrail(AuditLog log, TimeProvider clock)
{
    /// <summary>The action recorded when an API key is created (by the admin API or <c>gatehouse keys create</c>).</summary>
    public const string KeyCreatedAction = "keys.create";

    /// <summary>The action recorded when an API key is revoked (by the admin API or <c>gatehouse keys revoke</c>).</summary>
    public const string KeyRevokedAction = "keys.revoke";

    /// <summary>Appends an <see cref="AdminRecord"/> and returns its index once durable.</summary>
    /// <param name="action">What was done, e.g. <c>keys.create</c>.</param>
    /// <param name="actor">Who did it.</param>
    /// <param name="tenant">The actor's tenant.</param>
    /// <param name="target">What it was done to (an id, never personal data).</param>
    /// <param name="details">Further facts.</param>
    public ValueTask<long> RecordAsync(string action, string actor, string? tenant, string? target, IReadOnlyDictionary<string, string>? details = null) =>
        log.AppendAsync(new AdminRecord
        {
            Time = clock.GetUtcNow(),
            Principal = actor,
            Tenant = tenant,
            Action = action,
            Target = target,
            Details = details ?? new Dictionary<string, string>(),
        });

    /// <summary>Records that <paramref name="actor"/> created <paramref name="key"/> (by id, principal and roles; never the secret).</summary>
    public ValueTask<long> KeyCreatedAsync(Principal actor, ApiKeyRecord key) =>
        RecordAsync(KeyCreatedAction, actor.Id, actor.Tenant, key.Id, KeyDetails(key));

    /// <summary>Records that <paramref name="actor"/> revoked <paramref name="key"/>.</summary>
    public ValueTask<long> KeyRevokedAsync(Principal actor, ApiKeyRecord key) =>
        RecordAsync(KeyRevokedAction, actor.Id, actor.Tenant, key.Id, KeyDetails(key));

    /// <summary>The facts recorded about a key.</summary>
    public static IReadOnlyDictionary<string, string> KeyDetails(ApiKeyRecord key) => new Dictionary<string, string>
    {
        ["principal"] = key.Principal,
        ["tenant"] = key.Tenant,
        ["roles"] = string.Join(",", key.Roles),
        ["expires_at"] = key.ExpiresAt?.ToString("O") ?? "",
    };
}
