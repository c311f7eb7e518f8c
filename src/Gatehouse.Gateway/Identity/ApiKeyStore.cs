using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Gatehouse.Gateway.Identity;

/// <summary>
/// API keys in SQLite (<c>identity.db</c> in the data directory). Stores the key id, the SHA-256 of the secret and
/// the key's attributes; the key itself is returned once by <see cref="Create"/> and never again. With a
/// <c>cacheLifetime</c> (the gateway sets one), keys that verified are remembered briefly so that requests do not each
/// read the database; a write to <c>identity.db</c> by any process (a revoke) ends that within
/// <see cref="RevisionCheckInterval"/>, and expiry is checked on every use.
/// </summary>
public sealed partial class ApiKeyStore : IDisposable
{
    /// <summary>The file name inside the data directory.</summary>
    public const string FileName = "identity.db";

    /// <summary>The longest a change to <c>identity.db</c> made by another process (a revoke) goes unnoticed by the cache.</summary>
    public static readonly TimeSpan RevisionCheckInterval = TimeSpan.FromMilliseconds(50);

    private readonly string _connectionString;
    private readonly TimeProvider _clock;
    private readonly IdentityRevision? _revision;
    private readonly VerifiedKeyCache? _cache;

    /// <summary>
    /// Opens (creating if needed) the store in <paramref name="dataDirectory"/>. A positive
    /// <paramref name="cacheLifetime"/> turns on the verified-key cache (see the class summary).
    /// </summary>
    public ApiKeyStore(string dataDirectory, TimeProvider? clock = null, TimeSpan cacheLifetime = default)
    {
        Directory.CreateDirectory(dataDirectory);
        DatabasePath = Path.Combine(dataDirectory, FileName);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = true }.ToString();
        _clock = clock ?? TimeProvider.System;
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS api_keys (
                id          TEXT PRIMARY KEY,
                secret_hash BLOB NOT NULL,
                principal   TEXT NOT NULL,
                tenant      TEXT NOT NULL,
                roles       TEXT NOT NULL,
                created_at  TEXT NOT NULL,
                expires_at  TEXT NULL,
                revoked_at  TEXT NULL
            );
            """;
        command.ExecuteNonQuery();
        if (cacheLifetime > TimeSpan.Zero)
        {
            _revision = new IdentityRevision(_connectionString, _clock, RevisionCheckInterval);
            _cache = new VerifiedKeyCache(_clock, cacheLifetime, _revision);
        }
    }

    /// <summary>The SQLite file.</summary>
    public string DatabasePath { get; }

    /// <summary>
    /// Creates a key and returns its record and the key text (to show once). Names and roles must be simple tokens
    /// (letters, digits, <c>. _ - @</c>) so they read unambiguously in listings and policies.
    /// </summary>
    public (ApiKeyRecord Record, string Key) Create(string principal, string tenant, IReadOnlyList<string> roles, DateTimeOffset? expiresAt)
    {
        Require(principal, "principal");
        Require(tenant, "tenant");
        if (roles.Count == 0)
            throw new ArgumentException("at least one role is required");
        foreach (var role in roles)
            Require(role, "role");
        var now = _clock.GetUtcNow();
        if (expiresAt is { } e && e <= now)
            throw new ArgumentException("the expiry is in the past");

        var key = ApiKeyFormat.Generate();
        var record = new ApiKeyRecord(key.Id, principal, tenant, roles.Distinct().ToList(), now, expiresAt, null);
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO api_keys (id, secret_hash, principal, tenant, roles, created_at, expires_at)
            VALUES ($id, $hash, $principal, $tenant, $roles, $created, $expires)
            """;
        command.Parameters.AddWithValue("$id", record.Id);
        command.Parameters.AddWithValue("$hash", key.SecretHash);
        command.Parameters.AddWithValue("$principal", principal);
        command.Parameters.AddWithValue("$tenant", tenant);
        command.Parameters.AddWithValue("$roles", string.Join(' ', record.Roles));
        command.Parameters.AddWithValue("$created", Format(now));
        command.Parameters.AddWithValue("$expires", expiresAt is null ? DBNull.Value : Format(expiresAt.Value));
        command.ExecuteNonQuery();
        return (record, key.Key);
    }

    /// <summary>Every key, oldest first (revoked and expired ones included, marked as such).</summary>
    public IReadOnlyList<ApiKeyRecord> List()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, principal, tenant, roles, created_at, expires_at, revoked_at FROM api_keys ORDER BY created_at, id";
        using var reader = command.ExecuteReader();
        var records = new List<ApiKeyRecord>();
        while (reader.Read())
            records.Add(ReadRecord(reader, 0));
        return records;
    }

    /// <summary>Number of keys that still work (not revoked, not expired).</summary>
    public int CountActive() => List().Count(r => r.Status(_clock.GetUtcNow()) == "active");

    /// <summary>Revokes a key; false when no key has that id. Revoking twice keeps the first time.</summary>
    public bool Revoke(string id)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $now) WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$now", Format(_clock.GetUtcNow()));
        var revoked = command.ExecuteNonQuery() > 0;
        _cache?.Clear();
        return revoked;
    }

    /// <summary>The outcome of checking a presented key.</summary>
    public enum Verdict
    {
        /// <summary>The key is valid.</summary>
        Valid,
        /// <summary>Malformed, unknown id, or wrong secret (indistinguishable on purpose).</summary>
        Invalid,
        /// <summary>The key was revoked.</summary>
        Revoked,
        /// <summary>The key has expired.</summary>
        Expired,
    }

    /// <summary>
    /// Checks a presented key. The secret's hash is compared in constant time; the record is returned only when the
    /// secret matched, so revoked/expired are reported only to someone who holds the key.
    /// </summary>
    public (Verdict Verdict, ApiKeyRecord? Record) Verify(string presented)
    {
        if (_cache is null)
            return VerifyStored(presented);
        var key = VerifiedKeyCache.HashOf(presented);
        if (_cache.Find(key) is { } cached)
            // Only valid keys are cached; expiry moves with the clock, so it is checked on every use.
            return cached.IsExpired(_clock.GetUtcNow()) ? (Verdict.Expired, cached) : (Verdict.Valid, cached);
        var revisionBeforeRead = _cache.Revision();
        var verified = VerifyStored(presented);
        if (verified.Verdict == Verdict.Valid)
            _cache.Add(key, verified.Record!, revisionBeforeRead);
        return verified;
    }

    private (Verdict Verdict, ApiKeyRecord? Record) VerifyStored(string presented)
    {
        if (!ApiKeyFormat.TryParse(presented, out var id, out var secret))
            return (Verdict.Invalid, null);
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT secret_hash, principal, tenant, roles, created_at, expires_at, revoked_at FROM api_keys WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        var presentedHash = ApiKeyFormat.Hash(secret);
        if (!reader.Read())
        {
            // Same work as a hit, so timing does not tell which ids exist.
            CryptographicOperations.FixedTimeEquals(presentedHash, new byte[presentedHash.Length]);
            return (Verdict.Invalid, null);
        }
        var storedHash = (byte[])reader.GetValue(0);
        if (!CryptographicOperations.FixedTimeEquals(presentedHash, storedHash))
            return (Verdict.Invalid, null);
        var record = ReadRecord(reader, 1, id);
        if (record.IsRevoked)
            return (Verdict.Revoked, record);
        return record.IsExpired(_clock.GetUtcNow()) ? (Verdict.Expired, record) : (Verdict.Valid, record);
    }

    /// <summary>Runs a trivial query; throws when the database is unusable (readiness check).</summary>
    public void Ping()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM api_keys";
        command.ExecuteScalar();
    }

    /// <summary>Closes the cache's revision connection (the store's other connections are pooled per call).</summary>
    public void Dispose() => _revision?.Dispose();

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private static ApiKeyRecord ReadRecord(SqliteDataReader reader, int offset, string? id = null)
    {
        if (id is null)
        {
            id = reader.GetString(offset);
            offset++;
        }
        return new ApiKeyRecord(
            id,
            reader.GetString(offset),
            reader.GetString(offset + 1),
            reader.GetString(offset + 2).Split(' ', StringSplitOptions.RemoveEmptyEntries),
            Parse(reader.GetString(offset + 3)),
            reader.IsDBNull(offset + 4) ? null : Parse(reader.GetString(offset + 4)),
            reader.IsDBNull(offset + 5) ? null : Parse(reader.GetString(offset + 5)));
    }

    private static void Require(string value, string what)
    {
        if (string.IsNullOrWhiteSpace(value) || !TokenPattern().IsMatch(value))
            throw new ArgumentException($"invalid {what} '{value}': use letters, digits and . _ - @ (1-128 characters)");
    }

    [GeneratedRegex(@"^[A-Za-z0-9._@-]{1,128}$")]
    private static partial Regex TokenPattern();

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
