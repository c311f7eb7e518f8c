using System.Formats.Asn1;
using System.Globalization;
using System.Net;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Builtins.X509;

/// <summary>
/// Certificates, requests and keys as the objects OPA returns, which are Go's <c>encoding/json</c> view of
/// <c>x509.Certificate</c> (field names like <c>Subject.CommonName</c>, <c>DNSNames</c>, <c>NotAfter</c>; empty lists as
/// null; byte strings as base64), plus OPA's <c>URIStrings</c>. Keys become JWKs where OPA returns JWKs.
/// </summary>
internal static class CertificateJson
{
    private static readonly Dictionary<string, int> SignatureAlgorithms = new(StringComparer.Ordinal)
    {
        ["1.2.840.113549.1.1.2"] = 1, ["1.2.840.113549.1.1.4"] = 2, ["1.2.840.113549.1.1.5"] = 3, ["1.2.840.113549.1.1.11"] = 4,
        ["1.2.840.113549.1.1.12"] = 5, ["1.2.840.113549.1.1.13"] = 6, ["1.2.840.10040.4.3"] = 7, ["2.16.840.1.101.3.4.3.2"] = 8,
        ["1.2.840.10045.4.1"] = 9, ["1.2.840.10045.4.3.2"] = 10, ["1.2.840.10045.4.3.3"] = 11, ["1.2.840.10045.4.3.4"] = 12,
        ["1.2.840.113549.1.1.10"] = 13, ["1.3.101.112"] = 16,
    };

    /// <summary>One certificate.</summary>
    public static ObjectValue Certificate(X509Certificate2 certificate)
    {
        var names = SubjectAlternativeNames(certificate);
        var basic = certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
        var keyUsage = certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        var subjectKeyId = certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault();
        var authorityKeyId = certificate.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().FirstOrDefault();
        var extendedUsage = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        return ObjectValue.Of(
            ("Raw", Base64(certificate.RawData)),
            ("Signature", Base64(SignatureBytes(certificate.RawData))),
            ("SignatureAlgorithm", NumberValue.Of(SignatureAlgorithms.GetValueOrDefault(certificate.SignatureAlgorithm.Value ?? "", 0))),
            ("PublicKeyAlgorithm", NumberValue.Of(PublicKeyAlgorithm(certificate.PublicKey))),
            ("PublicKey", PublicKey(certificate.PublicKey)),
            ("Version", NumberValue.Of(certificate.Version)),
            ("SerialNumber", NumberValue.Of(new BigInteger(certificate.SerialNumberBytes.Span, isUnsigned: true, isBigEndian: true))),
            ("Issuer", Name(certificate.IssuerName)),
            ("Subject", Name(certificate.SubjectName)),
            ("NotBefore", Timestamp(certificate.NotBefore)),
            ("NotAfter", Timestamp(certificate.NotAfter)),
            ("KeyUsage", NumberValue.Of(keyUsage is null ? 0 : GoKeyUsage(keyUsage.KeyUsages))),
            ("Extensions", List(certificate.Extensions.Select(Extension))),
            ("ExtKeyUsage", List(extendedUsage?.EnhancedKeyUsages.Cast<Oid>().Select(o => (Value)new StringValue(o.Value ?? "")) ?? [])),
            ("BasicConstraintsValid", BooleanValue.Of(basic is not null)),
            ("IsCA", BooleanValue.Of(basic?.CertificateAuthority ?? false)),
            ("MaxPathLen", NumberValue.Of(basic is null ? 0 : basic.HasPathLengthConstraint ? basic.PathLengthConstraint : -1)),
            ("MaxPathLenZero", BooleanValue.Of(basic is { HasPathLengthConstraint: true, PathLengthConstraint: 0 })),
            ("SubjectKeyId", subjectKeyId?.SubjectKeyIdentifierBytes is { } ski ? Base64(ski.ToArray()) : NullValue.Instance),
            ("AuthorityKeyId", authorityKeyId?.KeyIdentifier is { } aki ? Base64(aki.ToArray()) : NullValue.Instance),
            ("DNSNames", List(names.Dns)),
            ("EmailAddresses", List(names.Email)),
            ("IPAddresses", List(names.Ip)),
            ("URIStrings", List(names.Uri)));
    }

    /// <summary>A certificate signing request.</summary>
    public static ObjectValue Request(byte[] der, CertificateRequest request)
    {
        var names = new SanNames();
        foreach (var extension in request.CertificateExtensions)
            if (extension.Oid?.Value == "2.5.29.17") names = ReadGeneralNames(extension.RawData);
        return ObjectValue.Of(
            ("Raw", Base64(der)),
            ("Version", NumberValue.Zero),
            ("PublicKeyAlgorithm", NumberValue.Of(PublicKeyAlgorithm(request.PublicKey))),
            ("PublicKey", PublicKey(request.PublicKey)),
            ("Subject", Name(request.SubjectName)),
            ("Extensions", List(request.CertificateExtensions.Select(Extension))),
            ("DNSNames", List(names.Dns)),
            ("EmailAddresses", List(names.Email)),
            ("IPAddresses", List(names.Ip)),
            ("URIStrings", List(names.Uri)));
    }

    /// <summary>A private RSA key as a JWK (<c>kty n e d p q dp dq qi</c>), unpadded base64url.</summary>
    public static ObjectValue RsaJwk(RSAParameters p) => ObjectValue.Of(
        ("kty", "RSA"), ("n", Jwk(p.Modulus)), ("e", Jwk(p.Exponent)), ("d", Jwk(p.D)), ("p", Jwk(p.P)), ("q", Jwk(p.Q)),
        ("dp", Jwk(p.DP)), ("dq", Jwk(p.DQ)), ("qi", Jwk(p.InverseQ)));

    /// <summary>A private EC key as a JWK (<c>kty crv x y d</c>).</summary>
    public static ObjectValue EcJwk(ECParameters p) => ObjectValue.Of(
        ("kty", "EC"), ("crv", p.Curve.Oid.FriendlyName switch { "nistP384" or "ECDSA_P384" => "P-384", "nistP521" or "ECDSA_P521" => "P-521", _ => "P-256" }),
        ("x", Jwk(p.Q.X)), ("y", Jwk(p.Q.Y)), ("d", Jwk(p.D)));

    private static StringValue Jwk(byte[]? bytes) => new(Jwt.Base64Url.Encode(bytes ?? []));

    private static StringValue Base64(byte[] bytes) => new(Convert.ToBase64String(bytes));

    private static Value List(IEnumerable<Value> items)
    {
        var array = items.ToArray();
        return array.Length == 0 ? NullValue.Instance : new ArrayValue(array);
    }

    private static StringValue Timestamp(DateTime local) =>
        new(local.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));

    private static int PublicKeyAlgorithm(PublicKey key) => key.Oid.Value switch
    {
        "1.2.840.113549.1.1.1" => 1,
        "1.2.840.10040.4.1" => 2,
        "1.2.840.10045.2.1" => 3,
        "1.3.101.112" => 4,
        _ => 0,
    };

    private static Value PublicKey(PublicKey key)
    {
        if (key.GetRSAPublicKey() is { } rsa)
        {
            var p = rsa.ExportParameters(false);
            return ObjectValue.Of(("N", Unsigned(p.Modulus!)), ("E", Unsigned(p.Exponent!)));
        }
        if (key.GetECDsaPublicKey() is { } ec)
        {
            var p = ec.ExportParameters(false);
            return ObjectValue.Of(("X", Unsigned(p.Q.X!)), ("Y", Unsigned(p.Q.Y!)));
        }
        return Base64(key.EncodedKeyValue.RawData);
    }

    /// <summary>An unsigned big-endian integer as a number.</summary>
    public static NumberValue Unsigned(byte[] bytes) => NumberValue.Of(new BigInteger(bytes, isUnsigned: true, isBigEndian: true));

    private static int GoKeyUsage(X509KeyUsageFlags flags)
    {
        // Go numbers key usages by their bit position in the extension (digitalSignature = 1, ..., decipherOnly = 256).
        (X509KeyUsageFlags Flag, int Go)[] map =
        [
            (X509KeyUsageFlags.DigitalSignature, 1), (X509KeyUsageFlags.NonRepudiation, 2), (X509KeyUsageFlags.KeyEncipherment, 4),
            (X509KeyUsageFlags.DataEncipherment, 8), (X509KeyUsageFlags.KeyAgreement, 16), (X509KeyUsageFlags.KeyCertSign, 32),
            (X509KeyUsageFlags.CrlSign, 64), (X509KeyUsageFlags.EncipherOnly, 128), (X509KeyUsageFlags.DecipherOnly, 256),
        ];
        return map.Where(m => flags.HasFlag(m.Flag)).Sum(m => m.Go);
    }

    private static Value Extension(X509Extension extension) => ObjectValue.Of(
        ("Id", Oid(extension.Oid?.Value ?? "")), ("Critical", BooleanValue.Of(extension.Critical)), ("Value", Base64(extension.RawData)));

    private static ArrayValue Oid(string dotted) =>
        new(dotted.Split('.', StringSplitOptions.RemoveEmptyEntries).Select(part => (Value)NumberValue.Parse(part)).ToArray());

    /// <summary>Go's <c>pkix.Name</c>: the common attribute lists, the serial number, the common name, and every attribute in order.</summary>
    private static ObjectValue Name(X500DistinguishedName name)
    {
        var attributes = new List<(string Oid, string Value)>();
        foreach (var rdn in name.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.HasMultipleElements) continue;
            attributes.Add((rdn.GetSingleElementType().Value ?? "", rdn.GetSingleElementValue() ?? ""));
        }
        Value Values(string oid) => List(attributes.Where(a => a.Oid == oid).Select(a => (Value)new StringValue(a.Value)));
        string Last(string oid) => attributes.LastOrDefault(a => a.Oid == oid).Value ?? "";
        return ObjectValue.Of(
            ("Country", Values("2.5.4.6")), ("Organization", Values("2.5.4.10")), ("OrganizationalUnit", Values("2.5.4.11")),
            ("Locality", Values("2.5.4.7")), ("Province", Values("2.5.4.8")), ("StreetAddress", Values("2.5.4.9")),
            ("PostalCode", Values("2.5.4.17")), ("SerialNumber", new StringValue(Last("2.5.4.5"))),
            ("CommonName", new StringValue(Last("2.5.4.3"))),
            ("Names", List(attributes.Select(a => (Value)ObjectValue.Of(("Type", Oid(a.Oid)), ("Value", new StringValue(a.Value)))))),
            ("ExtraNames", NullValue.Instance));
    }

    private sealed record SanNames
    {
        public List<Value> Dns { get; } = [];
        public List<Value> Email { get; } = [];
        public List<Value> Ip { get; } = [];
        public List<Value> Uri { get; } = [];
    }

    private static SanNames SubjectAlternativeNames(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions["2.5.29.17"];
        return extension is null ? new SanNames() : ReadGeneralNames(extension.RawData);
    }

    /// <summary>Reads a GeneralNames sequence (RFC 5280 §4.2.1.6): e-mail [1], DNS [2], URI [6] and IP [7] entries.</summary>
    private static SanNames ReadGeneralNames(byte[] der)
    {
        var names = new SanNames();
        try
        {
            var sequence = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
            while (sequence.HasData)
            {
                var tag = sequence.PeekTag();
                if (tag.TagClass != TagClass.ContextSpecific)
                {
                    sequence.ReadEncodedValue();
                    continue;
                }
                switch (tag.TagValue)
                {
                    case 1: names.Email.Add(new StringValue(sequence.ReadCharacterString(UniversalTagNumber.IA5String, tag))); break;
                    case 2: names.Dns.Add(new StringValue(sequence.ReadCharacterString(UniversalTagNumber.IA5String, tag))); break;
                    case 6: names.Uri.Add(new StringValue(sequence.ReadCharacterString(UniversalTagNumber.IA5String, tag))); break;
                    case 7: names.Ip.Add(new StringValue(new IPAddress(sequence.ReadOctetString(tag)).ToString())); break;
                    default: sequence.ReadEncodedValue(); break;
                }
            }
        }
        catch (AsnContentException)
        {
            // A malformed extension contributes no names, as the certificate itself already parsed.
        }
        return names;
    }

    /// <summary>The signature BIT STRING, the last element of the outer certificate SEQUENCE.</summary>
    private static byte[] SignatureBytes(byte[] der)
    {
        try
        {
            var outer = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
            outer.ReadEncodedValue();
            outer.ReadEncodedValue();
            return outer.ReadBitString(out _);
        }
        catch (AsnContentException)
        {
            return [];
        }
    }
}
