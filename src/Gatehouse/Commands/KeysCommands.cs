using System.CommandLine;
using System.Text.Json;
using Gatehouse.Audit;
using Gatehouse.Audit.Storage;
using Gatehouse.Gateway.Audit;
using Gatehouse.Gateway.Identity;

namespace Gatehouse.Cli.Commands;

/// <summary>
/// <c>gatehouse keys create|list|revoke</c>: API keys in the data directory's <c>identity.db</c>. <c>create</c> prints
/// the key alone on standard output (details on standard error) so scripts can capture it; nothing ever prints a key again.
/// <c>create</c> and <c>revoke</c> append the same admin records as the admin API to the data directory's audit log.
/// </summary>
internal static class KeysCommands
{
    public static Command Create()
    {
        var keys = new Command("keys", "Manage gateway API keys (stored hashed in identity.db)");
        keys.Subcommands.Add(CreateVerb());
        keys.Subcommands.Add(ListVerb());
        keys.Subcommands.Add(RevokeVerb());
        return keys;
    }

    private static Command CreateVerb()
    {
        var principal = new Option<string>("--principal") { Description = "Who the key acts as", Required = true };
        var tenant = new Option<string>("--tenant") { Description = "The tenant the key acts for", Required = true };
        var roles = new Option<string[]>("--role") { Description = "A role to grant (repeat for several)", Required = true };
        var expires = new Option<string?>("--expires") { Description = "Lifetime (30d, 12h, 90m, 2w) or ISO 8601 date; default: never" };
        var data = CommonOptions.Data();
        var command = new Command("create", "Create an API key and print it once") { principal, tenant, roles, expires, data };
        command.SetAction(async (parseResult, cancel) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            DateTimeOffset? expiresAt = null;
            if (parseResult.GetValue(expires) is { } text)
            {
                if (!ExpiryParser.TryParse(text, DateTimeOffset.UtcNow, out var at, out var problem))
                {
                    error.WriteLine($"--expires: {problem}");
                    return 2;
                }
                expiresAt = at;
            }
            ApiKeyRecord record;
            var directory = parseResult.GetValue(data)!.FullName;
            try
            {
                var store = new ApiKeyStore(directory);
                (record, var key) = store.Create(parseResult.GetValue(principal)!, parseResult.GetValue(tenant)!, parseResult.GetValue(roles)!, expiresAt);
                // The key exists from here on, so it is printed before auditing: an audit failure must not lose it.
                output.WriteLine(key);
                error.WriteLine($"Created key {record.Id} for {record.Principal} (tenant {record.Tenant}, roles {string.Join(", ", record.Roles)}, " +
                    $"expires {(record.ExpiresAt is { } e ? e.ToString("u") : "never")}) in {store.DatabasePath}.");
                error.WriteLine("Store it now: it is not shown again.");
            }
            catch (ArgumentException e)
            {
                error.WriteLine(e.Message);
                return 2;
            }
            return await AuditAsync(directory, AdminAuditTrail.KeyCreatedAction, record, error, cancel);
        });
        return command;
    }

    private static Command ListVerb()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table" };
        var data = CommonOptions.Data();
        var command = new Command("list", "List API keys (never their secrets)") { json, data };
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var records = new ApiKeyStore(parseResult.GetValue(data)!.FullName).List();
            var now = DateTimeOffset.UtcNow;
            if (parseResult.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(records.Select(r => new
                {
                    id = r.Id, principal = r.Principal, tenant = r.Tenant, roles = r.Roles,
                    created_at = r.CreatedAt, expires_at = r.ExpiresAt, revoked_at = r.RevokedAt, status = r.Status(now),
                }), new JsonSerializerOptions { WriteIndented = true }));
                return 0;
            }
            string[] header = ["ID", "PRINCIPAL", "TENANT", "ROLES", "CREATED", "EXPIRES", "STATUS"];
            var rows = records.Select(r => new[]
            {
                r.Id, r.Principal, r.Tenant, string.Join(",", r.Roles), r.CreatedAt.ToString("u"),
                r.ExpiresAt?.ToString("u") ?? "never", r.Status(now),
            }).ToList();
            var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
            foreach (var row in rows.Prepend(header))
                output.WriteLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
            return 0;
        });
        return command;
    }

    private static Command RevokeVerb()
    {
        var id = new Argument<string>("id") { Description = "The key id (as shown by keys list)" };
        var data = CommonOptions.Data();
        var command = new Command("revoke", "Revoke an API key; it stops working at once") { id, data };
        command.SetAction(async (parseResult, cancel) =>
        {
            var keyId = parseResult.GetValue(id)!;
            var directory = parseResult.GetValue(data)!.FullName;
            var error = parseResult.InvocationConfiguration.Error;
            var store = new ApiKeyStore(directory);
            if (!store.Revoke(keyId))
            {
                error.WriteLine($"No API key with id '{keyId}'.");
                return 2;
            }
            parseResult.InvocationConfiguration.Output.WriteLine($"Revoked {keyId}.");
            var record = store.List().Single(r => r.Id == keyId);
            return await AuditAsync(directory, AdminAuditTrail.KeyRevokedAction, record, error, cancel);
        });
        return command;
    }

    /// <summary>
    /// Appends the admin record for <paramref name="action"/> on <paramref name="key"/> to the audit log in the same data
    /// directory, as the admin API does; the actor is the operating-system user (or <c>cli</c>), who has no tenant.
    /// Disposing the log signs a checkpoint that covers the new record. Returns the exit code.
    /// </summary>
    private static async Task<int> AuditAsync(string dataDirectory, string action, ApiKeyRecord key, TextWriter error, CancellationToken cancel)
    {
        cancel.ThrowIfCancellationRequested();
        var actor = Environment.GetEnvironmentVariable("USER") is { Length: > 0 } user ? user : "cli";
        try
        {
            await using var log = AuditLog.Open(dataDirectory);
            await new AdminAuditTrail(log, TimeProvider.System).RecordAsync(action, actor, tenant: null, key.Id, AdminAuditTrail.KeyDetails(key));
            return 0;
        }
        catch (Exception e) when (e is AuditStoreException or AuditOperationException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{action} {key.Id} was done, but its audit record could not be written: {e.Message}");
            return 2;
        }
    }
}
