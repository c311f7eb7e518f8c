using System.Security.Cryptography;
using System.Text;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Builtins;

/// <summary>
/// Digests and HMACs of strings (UTF-8 bytes), as lowercase hex like OPA: <c>crypto.md5/sha1/sha256</c>,
/// <c>crypto.hmac.md5/sha1/sha256/sha512</c>, and <c>crypto.hmac.equal</c>, a constant-time comparison of two MACs.
/// </summary>
public static class CryptoHashes
{
    /// <summary>Registers the family.</summary>
    public static void Register(BuiltinRegistry registry)
    {
        var s = RegoType.String;
        RegisterDigest(registry, "crypto.md5", MD5.HashData);
        RegisterDigest(registry, "crypto.sha1", SHA1.HashData);
        RegisterDigest(registry, "crypto.sha256", SHA256.HashData);
        RegisterHmac(registry, "crypto.hmac.md5", HMACMD5.HashData);
        RegisterHmac(registry, "crypto.hmac.sha1", HMACSHA1.HashData);
        RegisterHmac(registry, "crypto.hmac.sha256", HMACSHA256.HashData);
        RegisterHmac(registry, "crypto.hmac.sha512", HMACSHA512.HashData);
        registry.Register("crypto.hmac.equal", BuiltinSignature.Of(RegoType.Boolean, s, s), (o, _) =>
            BooleanValue.Of(CryptographicOperations.FixedTimeEquals(
                Encoding.UTF8.GetBytes(Operand.String("crypto.hmac.equal", o, 0)),
                Encoding.UTF8.GetBytes(Operand.String("crypto.hmac.equal", o, 1)))));
    }

    private static void RegisterDigest(BuiltinRegistry registry, string name, Func<byte[], byte[]> digest) =>
        registry.Register(name, BuiltinSignature.Of(RegoType.String, RegoType.String), (o, _) =>
            Hex(digest(Encoding.UTF8.GetBytes(Operand.String(name, o, 0)))));

    private static void RegisterHmac(BuiltinRegistry registry, string name, Func<byte[], byte[], byte[]> mac) =>
        registry.Register(name, BuiltinSignature.Of(RegoType.String, RegoType.String, RegoType.String), (o, _) =>
        {
            var message = Encoding.UTF8.GetBytes(Operand.String(name, o, 0));
            var key = Encoding.UTF8.GetBytes(Operand.String(name, o, 1));
            return Hex(mac(key, message));
        });

    private static StringValue Hex(byte[] bytes) => new(Convert.ToHexStringLower(bytes));
}
