using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Gatehouse.Policy.Builtins.Jwt;

/// <summary>
/// Reads JWS keys the way OPA's token builtins accept them: one PEM block (a <c>CERTIFICATE</c> or a <c>PUBLIC KEY</c>),
/// or a JWK or JWK set as JSON. Errors carry OPA's messages.
/// </summary>
internal static class JwsKeyReader
{
    private const string Ed25519Oid = "1.3.101.112";

    /// <summary>The verification keys in <paramref name="text"/>.</summary>
    public static List<JwsKey> VerificationKeys(string name, string text)
    {
        if (text.StartsWith("-----BEGIN", StringComparison.Ordinal)) return [FromPem(name, text)];
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("keys", out var keys) && keys.ValueKind == JsonValueKind.Array)
                return keys.EnumerateArray().Select(FromJwk).ToList();
            return [FromJwk(root)];
        }
        catch (Exception e) when (e is JsonException or FormatException or CryptographicException or KeyNotFoundException or InvalidOperationException)
        {
            throw BuiltinException.Error(name, "failed to parse a JWK key (set)");
        }
    }

    private static JwsKey FromPem(string name, string text)
    {
        if (!PemEncoding.TryFind(text, out var fields)) throw BuiltinException.Error(name, "failed to find a PEM certificate block");
        if (!string.IsNullOrWhiteSpace(text[fields.Location.End..])) throw BuiltinException.Error(name, "extra data after a PEM certificate block");
        var label = text[fields.Label];
        var der = Convert.FromBase64String(text[fields.Base64Data]);
        switch (label)
        {
            case "CERTIFICATE":
                try
                {
                    using var certificate = X509CertificateLoader.LoadCertificate(der);
                    return FromPublicKey(certificate.PublicKey);
                }
                catch (CryptographicException)
                {
                    throw BuiltinException.Error(name, "failed to parse a PEM certificate");
                }
            case "PUBLIC KEY":
                try
                {
                    return FromPublicKey(PublicKey.CreateFromSubjectPublicKeyInfo(der, out _));
                }
                catch (CryptographicException)
                {
                    throw BuiltinException.Error(name, "failed to parse a PEM public key");
                }
            default:
                throw BuiltinException.Error(name, "failed to extract a Key from the PEM certificate");
        }
    }

    private static JwsKey FromPublicKey(PublicKey key)
    {
        if (key.Oid.Value == Ed25519Oid) return new Ed25519JwsKey(key.EncodedKeyValue.RawData, null);
        if (key.GetRSAPublicKey() is { } rsa) return new RsaJwsKey(rsa);
        if (key.GetECDsaPublicKey() is { } ec) return new EcJwsKey(ec);
        throw new CryptographicException("unsupported public key type " + key.Oid.Value);
    }

    /// <summary>A key from one JWK (RFC 7517), private when the JWK holds private parts.</summary>
    public static JwsKey FromJwk(JsonElement jwk)
    {
        string? Text(string member) => jwk.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        byte[] Bytes(string member) => Base64Url.Decode(Text(member) ?? throw new FormatException($"JWK has no {member}"));
        byte[]? Optional(string member) => Text(member) is { } value ? Base64Url.Decode(value) : null;
        switch (Text("kty"))
        {
            case "RSA":
                var parameters = new RSAParameters
                {
                    Modulus = Bytes("n"), Exponent = Bytes("e"), D = Optional("d"), P = Optional("p"), Q = Optional("q"),
                    DP = Optional("dp"), DQ = Optional("dq"), InverseQ = Optional("qi"),
                };
                return new RsaJwsKey(RSA.Create(parameters));
            case "EC":
                var curve = Text("crv") switch
                {
                    "P-256" => ECCurve.NamedCurves.nistP256,
                    "P-384" => ECCurve.NamedCurves.nistP384,
                    "P-521" => ECCurve.NamedCurves.nistP521,
                    var other => throw new FormatException("unsupported EC curve " + other),
                };
                return new EcJwsKey(ECDsa.Create(new ECParameters { Curve = curve, Q = new ECPoint { X = Bytes("x"), Y = Bytes("y") }, D = Optional("d") }));
            case "oct":
                return new HmacJwsKey(Bytes("k"));
            case "OKP" when Text("crv") == "Ed25519":
                return new Ed25519JwsKey(Bytes("x"), Optional("d"));
            default:
                throw new FormatException("unsupported JWK key type " + Text("kty"));
        }
    }
}
