using System.Security.Cryptography;
using System.Text;

namespace Gatehouse.Detection.Operators;

/// <summary>Masking: every character but the last <c>keepLast</c> becomes the mask character; separators are kept so the shape stays readable.</summary>
public static class MaskOperator
{
    /// <summary>Masks <paramref name="value"/>.</summary>
    public static string Apply(string value, int keepLast, char maskChar)
    {
        var visible = Math.Clamp(keepLast, 0, value.Length / 2); // never reveal more than half
        var chars = value.ToCharArray();
        for (var i = 0; i < chars.Length - visible; i++)
            if (char.IsLetterOrDigit(chars[i]))
                chars[i] = maskChar;
        return new string(chars);
    }
}

/// <summary>Keyed hashing: <c>&lt;TYPE_HASH_hex16&gt;</c> from HMAC-SHA256(key, type ":" value). Deterministic across requests.</summary>
public static class HashOperator
{
    /// <summary>The token for <paramref name="value"/>.</summary>
    public static string Apply(string entityType, string value, byte[] key)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(entityType + ":" + value), mac);
        return $"<{entityType}_HASH_{Convert.ToHexStringLower(mac[..8])}>";
    }
}

/// <summary>
/// Encryption: AES-256-GCM with a random 96-bit nonce, the entity type bound as associated data. The token is
/// <c>&lt;TYPE_ENC:base64(nonce ‖ ciphertext ‖ tag)&gt;</c>.
/// </summary>
public static class EncryptOperator
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <summary>Encrypts <paramref name="value"/> under a 32-byte key.</summary>
    public static string Apply(string entityType, string value, byte[] key)
    {
        var plain = Encoding.UTF8.GetBytes(value);
        var output = new byte[NonceSize + plain.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceSize, plain.Length), output.AsSpan(NonceSize + plain.Length), Encoding.UTF8.GetBytes(entityType));
        return $"<{entityType}_ENC:{Convert.ToBase64String(output)}>";
    }

    /// <summary>Decrypts a token produced by <see cref="Apply"/>.</summary>
    /// <exception cref="CryptographicException">Wrong key, tampered token or wrong entity type.</exception>
    /// <exception cref="FormatException">The token is not an encryption token.</exception>
    public static string Decrypt(string token, byte[] key)
    {
        var marker = token.IndexOf("_ENC:", StringComparison.Ordinal);
        if (!token.StartsWith('<') || !token.EndsWith('>') || marker < 0)
            throw new FormatException("not an encryption token");
        var entityType = token[1..marker];
        var data = Convert.FromBase64String(token[(marker + 5)..^1]);
        if (data.Length < NonceSize + TagSize)
            throw new FormatException("encryption token too short");
        var plainLength = data.Length - NonceSize - TagSize;
        var plain = new byte[plainLength];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(data.AsSpan(0, NonceSize), data.AsSpan(NonceSize, plainLength), data.AsSpan(NonceSize + plainLength), plain, Encoding.UTF8.GetBytes(entityType));
        return Encoding.UTF8.GetString(plain);
    }
}
