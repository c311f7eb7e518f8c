using System.Security.Cryptography;

namespace Gatehouse.Policy.Builtins.Jwt;

/// <summary>
/// A key that signs or verifies JWS signatures (RFC 7518): RSA (RS*, PS*), EC (ES*, raw r‖s signatures), HMAC secrets
/// (HS*) and Ed25519 (EdDSA). A key only answers for the algorithms of its own type; any other is "not verified".
/// </summary>
internal abstract class JwsKey
{
    /// <summary>Whether <paramref name="signature"/> is valid for <paramref name="data"/> under <paramref name="algorithm"/>.</summary>
    public abstract bool Verify(string algorithm, byte[] data, byte[] signature);

    /// <summary>Signs <paramref name="data"/>; null when this key cannot sign with <paramref name="algorithm"/>.</summary>
    public abstract byte[]? Sign(string algorithm, byte[] data);

    /// <summary>The JWS algorithms this library knows.</summary>
    public static readonly IReadOnlySet<string> Algorithms = new HashSet<string>(StringComparer.Ordinal)
    {
        "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA",
    };

    /// <summary>The hash an algorithm name ends with (<c>RS384</c> → SHA-384).</summary>
    protected static HashAlgorithmName? Hash(string algorithm, string family) =>
        !algorithm.StartsWith(family, StringComparison.Ordinal) ? null : algorithm[family.Length..] switch
        {
            "256" => HashAlgorithmName.SHA256,
            "384" => HashAlgorithmName.SHA384,
            "512" => HashAlgorithmName.SHA512,
            _ => null,
        };
}

/// <summary>An RSA key for RS* (PKCS #1 v1.5) and PS* (PSS, salt as long as the hash).</summary>
internal sealed class RsaJwsKey(RSA rsa) : JwsKey
{
    /// <inheritdoc />
    public override bool Verify(string algorithm, byte[] data, byte[] signature)
    {
        if (!TryPadding(algorithm, out var hash, out var padding)) return false;
        try
        {
            return rsa.VerifyData(data, signature, hash, padding);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public override byte[]? Sign(string algorithm, byte[] data) =>
        TryPadding(algorithm, out var hash, out var padding) ? rsa.SignData(data, hash, padding) : null;

    private static bool TryPadding(string algorithm, out HashAlgorithmName hash, out RSASignaturePadding padding)
    {
        hash = default;
        padding = RSASignaturePadding.Pkcs1;
        if (Hash(algorithm, "RS") is { } rs) hash = rs;
        else if (Hash(algorithm, "PS") is { } ps) (hash, padding) = (ps, RSASignaturePadding.Pss);
        else return false;
        return true;
    }
}

/// <summary>An elliptic-curve key for ES256/384/512; signatures are the fixed-width r‖s concatenation.</summary>
internal sealed class EcJwsKey(ECDsa ecdsa) : JwsKey
{
    /// <inheritdoc />
    public override bool Verify(string algorithm, byte[] data, byte[] signature)
    {
        if (Hash(algorithm, "ES") is not { } hash) return false;
        try
        {
            return ecdsa.VerifyData(data, signature, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public override byte[]? Sign(string algorithm, byte[] data) =>
        Hash(algorithm, "ES") is { } hash ? ecdsa.SignData(data, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation) : null;
}

/// <summary>A shared secret for HS256/384/512.</summary>
internal sealed class HmacJwsKey(byte[] secret) : JwsKey
{
    /// <inheritdoc />
    public override bool Verify(string algorithm, byte[] data, byte[] signature) =>
        Sign(algorithm, data) is { } expected && CryptographicOperations.FixedTimeEquals(expected, signature);

    /// <inheritdoc />
    public override byte[]? Sign(string algorithm, byte[] data) => algorithm switch
    {
        "HS256" => HMACSHA256.HashData(secret, data),
        "HS384" => HMACSHA384.HashData(secret, data),
        "HS512" => HMACSHA512.HashData(secret, data),
        _ => null,
    };
}

/// <summary>An Ed25519 key for EdDSA (RFC 8037), through NSec (libsodium).</summary>
internal sealed class Ed25519JwsKey(byte[] publicKey, byte[]? privateKey) : JwsKey
{
    private static readonly NSec.Cryptography.SignatureAlgorithm Ed25519 = NSec.Cryptography.SignatureAlgorithm.Ed25519;

    /// <inheritdoc />
    public override bool Verify(string algorithm, byte[] data, byte[] signature)
    {
        if (algorithm != "EdDSA") return false;
        if (!NSec.Cryptography.PublicKey.TryImport(Ed25519, publicKey, NSec.Cryptography.KeyBlobFormat.RawPublicKey, out var key) || key is null)
            return false;
        return Ed25519.Verify(key, data, signature);
    }

    /// <inheritdoc />
    public override byte[]? Sign(string algorithm, byte[] data)
    {
        if (algorithm != "EdDSA" || privateKey is null) return null;
        using var key = NSec.Cryptography.Key.Import(Ed25519, privateKey, NSec.Cryptography.KeyBlobFormat.RawPrivateKey);
        return Ed25519.Sign(key, data);
    }
}
