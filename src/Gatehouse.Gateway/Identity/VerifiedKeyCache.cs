using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Gatehouse.Gateway.Identity;

/// <summary>
/// Keys that verified recently, so that a busy caller's requests do not each read <c>identity.db</c>. Entries are keyed
/// by the SHA-256 of the whole presented key (the key itself is never held) and hold only the key's record. An entry is
/// trusted for at most <see cref="Lifetime"/>, and only while the identity database is unchanged
/// (<see cref="IdentityRevision"/>): an entry verified before any later write there, from this process or another, is
/// not trusted, so a revoked key stops working within the revision check interval. Expiry is checked by the caller on every use.
/// </summary>
internal sealed class VerifiedKeyCache(TimeProvider clock, TimeSpan lifetime, IdentityRevision revision)
{
    /// <summary>Beyond this many distinct keys the cache starts over, so a flood of keys cannot grow it without bound.</summary>
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<KeyHash, Entry> _entries = new();

    /// <summary>How long a verified key is trusted without reading the database again.</summary>
    public TimeSpan Lifetime { get; } = lifetime;

    /// <summary>The hash the cache files <paramref name="presented"/> under.</summary>
    public static KeyHash HashOf(string presented)
    {
        if (presented.Length > 256)
            return new KeyHash(SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(presented.Length)];
        var length = Encoding.UTF8.GetBytes(presented, utf8);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..length], hash);
        return new KeyHash(hash);
    }

    /// <summary>The identity database's revision now; pass it to <see cref="Add"/> for a key read after this call.</summary>
    public long Revision() => revision.Current();

    /// <summary>The record of a key that verified recently, or null (then verify against the database).</summary>
    public ApiKeyRecord? Find(KeyHash key)
    {
        if (!_entries.TryGetValue(key, out var entry))
            return null;
        // Verified under another revision of the database, or too long ago: ask the database again.
        if (entry.Revision == revision.Current() && clock.GetElapsedTime(entry.VerifiedAt) < Lifetime)
            return entry.Record;
        _entries.TryRemove(key, out _);
        return null;
    }

    /// <summary>
    /// Remembers a key that verified as valid in a database read made after <see cref="Revision"/> returned
    /// <paramref name="revisionBeforeRead"/>: a write that landed around that read changes the revision, so the
    /// entry is never trusted past it.
    /// </summary>
    public void Add(KeyHash key, ApiKeyRecord record, long revisionBeforeRead)
    {
        if (_entries.Count >= Capacity)
            _entries.Clear();
        _entries[key] = new Entry(record, clock.GetTimestamp(), revisionBeforeRead);
    }

    /// <summary>Forgets every key (after this process changed the database).</summary>
    public void Clear() => _entries.Clear();

    private sealed record Entry(ApiKeyRecord Record, long VerifiedAt, long Revision);
}
/// <summary>SHA-256 of a presented key, as a value usable as a dictionary key.</summary>
internal readonly record struct KeyHash(ulong A, ulong B, ulong C, ulong D)
{
    public KeyHash(ReadOnlySpan<byte> sha256)
        : this(BitConverter.ToUInt64(sha256[..8]), BitConverter.ToUInt64(sha256[8..16]), BitConverter.ToUInt64(sha256[16..24]), BitConverter.ToUInt64(sha256[24..32]))
    {
    }
}
