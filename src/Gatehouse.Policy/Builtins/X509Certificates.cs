using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gatehouse.Policy.Builtins.X509;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Builtins;

/// <summary>
/// <c>crypto.x509.*</c> and <c>crypto.parse_private_keys</c>: certificates, chains, signing requests and private keys
/// from PEM text, base64 of PEM, or base64 of DER, returned in the shapes OPA returns (see <see cref="CertificateJson"/>).
/// </summary>
public static class X509Certificates
{
    /// <summary>Registers the family.</summary>
    public static void Register(BuiltinRegistry registry)
    {
        var s = RegoType.String;
        var anyObject = RegoType.ObjectOf(RegoType.String, RegoType.Any);
        registry.Register("crypto.x509.parse_certificates", BuiltinSignature.Of(RegoType.ArrayOf(anyObject), s), (o, _) =>
        {
            const string name = "crypto.x509.parse_certificates";
            var certificates = Certificates(name, Operand.String(name, o, 0));
            try
            {
                return new ArrayValue(certificates.Select(c => (Value)CertificateJson.Certificate(c)).ToArray());
            }
            finally
            {
                foreach (var c in certificates) c.Dispose();
            }
        });
        // Validity periods are checked against the query's clock, so results must not be cached across queries.
        registry.Register("crypto.x509.parse_and_verify_certificates", BuiltinSignature.Of(RegoType.ArrayOf(RegoType.Any), s), ParseAndVerify,
            nondeterministic: true);
        registry.Register("crypto.x509.parse_certificate_request", BuiltinSignature.Of(anyObject, s), ParseRequest);
        registry.Register("crypto.x509.parse_keypair", BuiltinSignature.Of(anyObject, s, s), ParseKeyPair);
        registry.Register("crypto.x509.parse_rsa_private_key", BuiltinSignature.Of(anyObject, s), (o, _) =>
        {
            const string name = "crypto.x509.parse_rsa_private_key";
            var keys = PrivateKeys(name, Operand.String(name, o, 0));
            return keys.OfType<RSA>().Select(k => CertificateJson.RsaJwk(k.ExportParameters(true))).FirstOrDefault()
                ?? throw BuiltinException.Error(name, "failed to parse PEM block containing the key");
        });
        registry.Register("crypto.parse_private_keys", BuiltinSignature.Of(RegoType.ArrayOf(anyObject), s), (o, _) =>
        {
            const string name = "crypto.parse_private_keys";
            var text = Operand.String(name, o, 0);
            if (text.Length == 0) return NullValue.Instance;
            List<AsymmetricAlgorithm> keys;
            try
            {
                keys = PrivateKeys(name, text);
            }
            catch (BuiltinException)
            {
                return ArrayValue.Empty; // OPA reports text without keys as no keys
            }
            return new ArrayValue(keys.Select(Jwk).ToArray());
        });
    }

    private static Value Jwk(AsymmetricAlgorithm key) => key switch
    {
        RSA rsa => CertificateJson.RsaJwk(rsa.ExportParameters(true)),
        ECDsa ec => CertificateJson.EcJwk(ec.ExportParameters(true)),
        _ => NullValue.Instance,
    };

    private static List<X509Certificate2> Certificates(string name, string text)
    {
        var blocks = PemInput.Read(name, text, out var der);
        var encodings = blocks is not null
            ? blocks.Where(b => b.Label == "CERTIFICATE").Select(b => b.Der).ToList()
            : SplitDer(der);
        var certificates = new List<X509Certificate2>();
        foreach (var encoding in encodings)
        {
            try
            {
                certificates.Add(X509CertificateLoader.LoadCertificate(encoding));
            }
            catch (CryptographicException)
            {
                foreach (var c in certificates) c.Dispose();
                throw BuiltinException.Error(name, "x509: malformed certificate");
            }
        }
        return certificates;
    }

    /// <summary>Concatenated DER certificates, as Go's <c>x509.ParseCertificates</c> accepts them.</summary>
    private static List<byte[]> SplitDer(byte[] der)
    {
        var parts = new List<byte[]>();
        try
        {
            var reader = new AsnReader(der, AsnEncodingRules.DER);
            while (reader.HasData) parts.Add(reader.ReadEncodedValue().ToArray());
        }
        catch (AsnContentException)
        {
            parts.Add(der); // let the certificate loader report it as malformed
        }
        return parts;
    }

    private static Value ParseAndVerify(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        const string name = "crypto.x509.parse_and_verify_certificates";
        var invalid = new ArrayValue([BooleanValue.False, ArrayValue.Empty]);
        List<X509Certificate2> certificates;
        try
        {
            certificates = Certificates(name, Operand.String(name, operands, 0));
        }
        catch (BuiltinException)
        {
            return invalid;
        }
        try
        {
            if (certificates.Count == 0) return invalid;
            // As OPA: the first certificate is the trusted root, the last the leaf, anything between an intermediate;
            // the result is the verified chain from the leaf up to the root.
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(certificates[0]);
            foreach (var intermediate in certificates.Skip(1).SkipLast(1)) chain.ChainPolicy.ExtraStore.Add(intermediate);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationTime = context.Now.UtcDateTime;
            if (!chain.Build(certificates[^1])) return invalid;
            return new ArrayValue([BooleanValue.True,
                new ArrayValue(chain.ChainElements.Select(e => (Value)CertificateJson.Certificate(e.Certificate)).ToArray())]);
        }
        finally
        {
            foreach (var c in certificates) c.Dispose();
        }
    }

    private static Value ParseRequest(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        const string name = "crypto.x509.parse_certificate_request";
        var blocks = PemInput.Read(name, Operand.String(name, operands, 0), out var der);
        if (blocks is not null)
            der = blocks.FirstOrDefault(b => b.Label.Contains("CERTIFICATE REQUEST", StringComparison.Ordinal)).Der
                ?? throw BuiltinException.Error(name, "invalid PEM-encoded certificate signing request");
        try
        {
            var request = CertificateRequest.LoadSigningRequest(der, HashAlgorithmName.SHA256,
                CertificateRequestLoadOptions.SkipSignatureValidation | CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
            return CertificateJson.Request(der, request);
        }
        catch (CryptographicException e)
        {
            throw BuiltinException.Error(name, "asn1: structure error: " + e.Message);
        }
    }

    private static Value ParseKeyPair(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        const string name = "crypto.x509.parse_keypair";
        var certificates = Certificates(name, Operand.String(name, operands, 0));
        try
        {
            if (certificates.Count == 0) throw BuiltinException.Error(name, "tls: failed to find any PEM data in certificate input");
            var key = PrivateKeys(name, Operand.String(name, operands, 1)).FirstOrDefault()
                ?? throw BuiltinException.Error(name, "tls: failed to find any PEM data in key input");
            if (!Matches(certificates[0], key)) throw BuiltinException.Error(name, "tls: private key does not match public key");
            return ObjectValue.Of(
                ("Certificate", new ArrayValue(certificates.Select(c => (Value)new StringValue(Convert.ToBase64String(c.RawData))).ToArray())),
                ("PrivateKey", GoPrivateKey(key)),
                ("Leaf", CertificateJson.Certificate(certificates[0])),
                ("SupportedSignatureAlgorithms", NullValue.Instance),
                ("OCSPStaple", NullValue.Instance),
                ("SignedCertificateTimestamps", NullValue.Instance));
        }
        finally
        {
            foreach (var c in certificates) c.Dispose();
        }
    }

    private static bool Matches(X509Certificate2 certificate, AsymmetricAlgorithm key) => key switch
    {
        RSA rsa => certificate.GetRSAPublicKey()?.ExportParameters(false).Modulus?.AsSpan().SequenceEqual(rsa.ExportParameters(false).Modulus) ?? false,
        ECDsa ec => certificate.GetECDsaPublicKey()?.ExportParameters(false).Q.X?.AsSpan().SequenceEqual(ec.ExportParameters(false).Q.X) ?? false,
        _ => false,
    };

    /// <summary>Go's JSON view of a private key: <c>N E D Primes</c> for RSA, <c>X Y D</c> for EC.</summary>
    private static Value GoPrivateKey(AsymmetricAlgorithm key)
    {
        switch (key)
        {
            case RSA rsa:
                var p = rsa.ExportParameters(true);
                return ObjectValue.Of(("N", CertificateJson.Unsigned(p.Modulus!)), ("E", CertificateJson.Unsigned(p.Exponent!)),
                    ("D", CertificateJson.Unsigned(p.D!)), ("Primes", new ArrayValue([CertificateJson.Unsigned(p.P!), CertificateJson.Unsigned(p.Q!)])));
            case ECDsa ec:
                var e = ec.ExportParameters(true);
                return ObjectValue.Of(("X", CertificateJson.Unsigned(e.Q.X!)), ("Y", CertificateJson.Unsigned(e.Q.Y!)), ("D", CertificateJson.Unsigned(e.D!)));
            default:
                return NullValue.Instance;
        }
    }

    /// <summary>The RSA and EC private keys in PEM text or base64 of PEM text (PKCS #1, SEC 1 and PKCS #8 blocks).</summary>
    private static List<AsymmetricAlgorithm> PrivateKeys(string name, string text)
    {
        var blocks = PemInput.Read(name, text, out _) ?? [];
        var keys = new List<AsymmetricAlgorithm>();
        foreach (var block in blocks)
        {
            try
            {
                switch (block.Label)
                {
                    case "RSA PRIVATE KEY":
                        var rsa = RSA.Create();
                        rsa.ImportRSAPrivateKey(block.Der, out _);
                        keys.Add(rsa);
                        break;
                    case "EC PRIVATE KEY":
                        var ec = ECDsa.Create();
                        ec.ImportECPrivateKey(block.Der, out _);
                        keys.Add(ec);
                        break;
                    case "PRIVATE KEY":
                        keys.Add(Pkcs8(block.Der));
                        break;
                }
            }
            catch (CryptographicException e)
            {
                throw BuiltinException.Error(name, "failed to parse private key: " + e.Message);
            }
        }
        return keys;
    }

    private static AsymmetricAlgorithm Pkcs8(byte[] der)
    {
        try
        {
            var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(der, out _);
            return rsa;
        }
        catch (CryptographicException)
        {
            var ec = ECDsa.Create();
            ec.ImportPkcs8PrivateKey(der, out _);
            return ec;
        }
    }
}
