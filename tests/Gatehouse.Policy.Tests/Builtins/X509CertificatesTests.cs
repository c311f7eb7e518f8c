using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Gatehouse.Policy.Builtins;
using Gatehouse.Policy.Values;
using static Gatehouse.Policy.Tests.Builtins.BuiltinCall;

namespace Gatehouse.Policy.Tests.Builtins;

public sealed class X509CertificatesTests : IDisposable
{
    private readonly ECDsa _rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _root;
    private readonly X509Certificate2 _leaf;

    public X509CertificatesTests()
    {
        var rootRequest = new CertificateRequest("CN=Test Root, O=Gatehouse", _rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        _root = rootRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var leafRequest = new CertificateRequest("CN=svc.example.com", _leafKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("svc.example.com");
        san.AddUri(new Uri("spiffe://example.com/opa"));
        san.AddIpAddress(System.Net.IPAddress.Parse("10.1.2.3"));
        leafRequest.CertificateExtensions.Add(san.Build());
        _leaf = leafRequest.Create(_root, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(30), [1, 2, 3]);
    }

    public void Dispose()
    {
        _root.Dispose();
        _leaf.Dispose();
        _rootKey.Dispose();
        _leafKey.Dispose();
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Parses_pem_base64_pem_and_base64_der()
    {
        var pem = _leaf.ExportCertificatePem() + "\n" + _root.ExportCertificatePem();
        foreach (var input in new[] { pem, Base64(pem), Convert.ToBase64String([.. _leaf.RawData, .. _root.RawData]) })
        {
            var certs = (ArrayValue)Call("crypto.x509.parse_certificates", input)!;
            Assert.Equal(2, certs.Count);
            var leaf = (ObjectValue)certs[0];
            Assert.Equal(new StringValue("svc.example.com"), ((ObjectValue)leaf.Get("Subject")!).Get("CommonName"));
            Assert.Equal(Json("[\"svc.example.com\"]"), leaf.Get("DNSNames"));
            Assert.Equal(Json("[\"spiffe://example.com/opa\"]"), leaf.Get("URIStrings"));
            Assert.Equal(Json("[\"10.1.2.3\"]"), leaf.Get("IPAddresses"));
            Assert.Equal(Json("66051"), leaf.Get("SerialNumber"));
            var root = (ObjectValue)certs[1];
            Assert.Equal(BooleanValue.True, root.Get("IsCA"));
            Assert.Equal(Json("[\"Gatehouse\"]"), ((ObjectValue)root.Get("Subject")!).Get("Organization"));
            Assert.Equal(NullValue.Instance, root.Get("DNSNames"));
        }
    }

    [Fact]
    public void Malformed_input_reads_like_go()
    {
        Fails("eval_builtin_error", "crypto.x509.parse_certificates: x509: malformed certificate", "crypto.x509.parse_certificates", "YmFkc3RyaW5n");
        var error = Assert.Throws<BuiltinException>(() => Call("crypto.x509.parse_certificates", "foobar"));
        Assert.StartsWith("crypto.x509.parse_certificates: illegal base64 data at input byte", error.Message);
        error = Assert.Throws<BuiltinException>(() => Call("crypto.x509.parse_certificate_request", "YmFkc3RyaW5n"));
        Assert.StartsWith("crypto.x509.parse_certificate_request: asn1: structure error", error.Message);
    }

    [Fact]
    public void Verifies_chains_root_first()
    {
        var chain = _root.ExportCertificatePem() + "\n" + _leaf.ExportCertificatePem();
        var result = (ArrayValue)CallWith(new BuiltinContext(DateTimeOffset.UtcNow), "crypto.x509.parse_and_verify_certificates", chain)!;
        Assert.Equal(BooleanValue.True, result[0]);
        var names = ((ArrayValue)result[1]).Select(c => ((StringValue)((ObjectValue)((ObjectValue)c).Get("Subject")!).Get("CommonName")!).Value);
        Assert.Equal(["svc.example.com", "Test Root"], names);

        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var stranger = new CertificateRequest("CN=Stranger", otherKey, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var forged = stranger.ExportCertificatePem() + "\n" + _leaf.ExportCertificatePem();
        Assert.Equal(Json("[false, []]"), CallWith(new BuiltinContext(DateTimeOffset.UtcNow), "crypto.x509.parse_and_verify_certificates", forged));
    }

    [Fact]
    public void Parses_signing_requests()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=example.com, O=Example", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var csr = request.CreateSigningRequestPem();
        foreach (var input in new[] { csr, Base64(csr), Convert.ToBase64String(request.CreateSigningRequest()) })
        {
            var parsed = (ObjectValue)Call("crypto.x509.parse_certificate_request", input)!;
            Assert.Equal(new StringValue("example.com"), ((ObjectValue)parsed.Get("Subject")!).Get("CommonName"));
            Assert.Equal(NumberValue.One, parsed.Get("PublicKeyAlgorithm"));
        }
    }

    [Fact]
    public void Key_pairs_and_private_keys()
    {
        var keyPem = _leafKey.ExportPkcs8PrivateKeyPem();
        var pair = (ObjectValue)Call("crypto.x509.parse_keypair", _leaf.ExportCertificatePem(), Base64(keyPem))!;
        Assert.Equal(new StringValue(Convert.ToBase64String(_leaf.RawData)), ((ArrayValue)pair.Get("Certificate")!)[0]);
        Fails("eval_builtin_error", "crypto.x509.parse_keypair: tls: private key does not match public key",
            "crypto.x509.parse_keypair", _leaf.ExportCertificatePem(), _rootKey.ExportPkcs8PrivateKeyPem());

        using var rsa = RSA.Create(2048);
        var jwk = (ObjectValue)Call("crypto.x509.parse_rsa_private_key", rsa.ExportRSAPrivateKeyPem())!;
        Assert.Equal(new StringValue("RSA"), jwk.Get("kty"));
        Assert.Equal(["d", "dp", "dq", "e", "kty", "n", "p", "q", "qi"], jwk.Keys.Select(k => ((StringValue)k).Value));
        Assert.Equal(new StringValue("AQAB"), jwk.Get("e"));

        Assert.Equal(NumberValue.Of(2), Call("count", Call("crypto.parse_private_keys", rsa.ExportRSAPrivateKeyPem() + "\n" + keyPem)!));
        Assert.Equal(NullValue.Instance, Call("crypto.parse_private_keys", ""));
        Assert.Equal(ArrayValue.Empty, Call("crypto.parse_private_keys", "nope"));
    }
}
