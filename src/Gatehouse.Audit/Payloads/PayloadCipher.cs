using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Gatehouse.Audit.Payloads;

/// <summary>
/// AES-256-GCM for retained payloads. The blob is <c>nonce(12) || ciphertext || tag(16)</c>; the leaf index is the
/// associated data, so a ciphertext moved to another record fails to decrypt.
/// </summary>
internal static class PayloadCipher
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public static byte[] Encrypt(byte[] key, long index, ReadOnlySpan<byte> plaintext)
    {
        var blob = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = blob.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, blob.AsSpan(NonceSize, plaintext.Length), blob.AsSpan(NonceSize + plaintext.Length), Aad(index));
        return blob;
    }

    /// <exception cref="AuthenticationTagMismatchException">The blob was altered or belongs to another record.</exception>
    public static byte[] Decrypt(byte[] key, long index, ReadOnlySpan<byte> blob)
    {
        if (blob.Length < NonceSize + TagSize)
            throw new AuthenticationTagMismatchException("payload blob is truncated");
        var plaintext = new byte[blob.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(blob[..NonceSize], blob.Slice(NonceSize, plaintext.Length), blob[^TagSize..], plaintext, Aad(index));
        return plaintext;
    }

    public static string Hash(ReadOnlySpan<byte> blob) => Convert.ToHexStringLower(SHA256.HashData(blob));

    private static byte[] Aad(long index)
    {
        var aad = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(aad, index);
        return aad;
    }
}
