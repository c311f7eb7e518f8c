using System.Security.Cryptography;

namespace Gatehouse.Audit.Merkle;

/// <summary>
/// RFC 6962 §2.1 hashing with SHA-256: leaves are hashed as <c>SHA-256(0x00 || data)</c> and interior nodes as
/// <c>SHA-256(0x01 || left || right)</c>, so that a leaf can never be passed off as a node (second-preimage defence).
/// </summary>
public static class Rfc6962
{
    /// <summary>The size in bytes of every hash in the tree.</summary>
    public const int HashSize = 32;

    /// <summary>The root of the empty tree: SHA-256 of the empty string.</summary>
    public static byte[] EmptyRoot() => SHA256.HashData(ReadOnlySpan<byte>.Empty);

    /// <summary>The hash of a leaf holding <paramref name="data"/>.</summary>
    public static byte[] LeafHash(ReadOnlySpan<byte> data)
    {
        // One-shot hashing over a pooled buffer: verification hashes every record, so avoid a hasher object per leaf.
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(data.Length + 1);
        try
        {
            buffer[0] = 0x00;
            data.CopyTo(buffer.AsSpan(1));
            return SHA256.HashData(buffer.AsSpan(0, data.Length + 1));
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Writes the hash of the interior node over <paramref name="left"/> and <paramref name="right"/> (32 bytes each) to
    /// <paramref name="destination"/>, which may overlap either child: verification folds millions of nodes in place.
    /// </summary>
    public static void NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        if (left.Length != HashSize || right.Length != HashSize)
            throw new ArgumentException($"interior node children must be {HashSize}-byte hashes");
        Span<byte> buffer = stackalloc byte[1 + 2 * HashSize];
        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + HashSize)..]);
        SHA256.HashData(buffer, destination);
    }

    /// <summary>The hash of an interior node whose children hash to <paramref name="left"/> and <paramref name="right"/>.</summary>
    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> buffer = stackalloc byte[1 + 2 * HashSize];
        if (left.Length != HashSize || right.Length != HashSize)
        {
            // Odd-sized inputs only occur in test vectors; hash them without the stack buffer.
            var joined = new byte[1 + left.Length + right.Length];
            joined[0] = 0x01;
            left.CopyTo(joined.AsSpan(1));
            right.CopyTo(joined.AsSpan(1 + left.Length));
            return SHA256.HashData(joined);
        }
        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + HashSize)..]);
        return SHA256.HashData(buffer);
    }
}
