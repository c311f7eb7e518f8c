using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Gatehouse.Gateway.Identity;
using Gatehouse.Gateway.Pipeline;
using Gatehouse.Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gatehouse.Gateway.Tests;

/// <summary>OIDC/JWT bearer tokens, signed here with RSA and EC keys published in a JWKS file, against the real gateway.</summary>
public sealed class OidcTests : IAsyncLifetime
{
    private const string Issuer = "https://idp.test";
    private const string Audience = "gatehouse";
    // Generated once: RSA key generation is slow enough on two cores to dominate the class's run time.
    private static readonly RSA _rsa = RSA.Create(2048);
    private static readonly RSA _otherRsa = RSA.Create(2048);
    private static readonly ECDsa _ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly RecordingAuditSink _audit = new();
    private GatewayServer _gateway = null!;

    private static string KeySet()
    {
        var rsa = _rsa.ExportParameters(false);
        var ec = _ec.ExportParameters(false);
        return new JsonObject
        {
            ["keys"] = new JsonArray(
                new JsonObject { ["kty"] = "RSA", ["kid"] = "rsa-1", ["use"] = "sig", ["alg"] = "RS256", ["n"] = Base64UrlEncoder.Encode(rsa.Modulus), ["e"] = Base64UrlEncoder.Encode(rsa.Exponent) },
                new JsonObject { ["kty"] = "EC", ["kid"] = "ec-1", ["use"] = "sig", ["alg"] = "ES256", ["crv"] = "P-256", ["x"] = Base64UrlEncoder.Encode(ec.Q.X), ["y"] = Base64UrlEncoder.Encode(ec.Q.Y) }),
        }.ToJsonString();
    }

    public async Task InitializeAsync()
    {
        var jwks = Path.Combine(TempDirectory.Create(), "jwks.json");
        await File.WriteAllTextAsync(jwks, KeySet());
        _gateway = await GatewayServer.StartAsync($"""
            models:
              small:
                baseUrl: http://127.0.0.1:9/v1
                roles: [analyst]
            auth:
              oidc:
                issuer: {Issuer}
                audience: {Audience}
                jwksFile: {jwks}
                rolesClaim: groups
                tenantClaim: org
            """, services => services.AddSingleton<IAuditSink>(_audit));
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
    }

    private string Token(SecurityKey key, string algorithm, string[] groups, string issuer = Issuer, string audience = Audience, DateTime? expires = null, DateTime? notBefore = null)
    {
        var claims = new Dictionary<string, object> { ["groups"] = groups, ["org"] = "acme", ["email"] = "alice@acme.test" };
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", "alice")]),
            Claims = claims,
            NotBefore = notBefore ?? DateTime.UtcNow.AddMinutes(-5),
            IssuedAt = notBefore ?? DateTime.UtcNow.AddMinutes(-5),
            Expires = expires ?? DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(key, algorithm),
        });
    }

    private SecurityKey Rsa => new RsaSecurityKey(_rsa) { KeyId = "rsa-1" };

    private SecurityKey Ec => new ECDsaSecurityKey(_ec) { KeyId = "ec-1" };

    [Fact]
    public async Task An_rsa_signed_token_authenticates_with_roles_and_tenant_from_the_configured_claims()
    {
        var response = await _gateway.SendAsync(HttpMethod.Get, "/v1/models", Token(Rsa, SecurityAlgorithms.RsaSha256, ["analyst", "staff"]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("small", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]![0]!["id"]!.GetValue<string>());

        // A denied model request reaches the audit stage, so the principal the pipeline saw can be inspected.
        await _gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", Token(Rsa, SecurityAlgorithms.RsaSha256, ["staff"]),
            """{"model":"small","messages":[{"role":"user","content":"x"}]}""");
        var principal = Assert.Single(_audit.Records).Principal;
        Assert.Equal("alice", principal.Id);
        Assert.Equal("acme", principal.Tenant);
        Assert.Equal(["staff"], principal.Roles);
        Assert.Equal(AuthMethod.Jwt, principal.AuthMethod);
        Assert.Equal("alice@acme.test", principal.Claims["email"].Single());
    }

    [Fact]
    public async Task An_ec_signed_token_authenticates_and_an_admin_group_reaches_the_admin_api()
    {
        var response = await _gateway.SendAsync(HttpMethod.Get, "/admin/keys", Token(Ec, SecurityAlgorithms.EcdsaSha256, ["admin"]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_token_without_the_role_cannot_use_the_model_or_the_admin_api()
    {
        var token = Token(Ec, SecurityAlgorithms.EcdsaSha256, ["visitor"]);
        var models = JsonNode.Parse(await (await _gateway.SendAsync(HttpMethod.Get, "/v1/models", token)).Content.ReadAsStringAsync())!;
        Assert.Empty(models["data"]!.AsArray());
        await OpenAIErrorAssert.IsErrorAsync(await _gateway.SendAsync(HttpMethod.Get, "/admin/keys", token), HttpStatusCode.Forbidden, "permission_error", "permission_denied");
    }

    [Fact]
    public async Task Keys_can_come_from_a_jwks_url_fetched_once_and_cached()
    {
        await using var idp = await FakeUpstream.StartAsync();
        idp.Jwks = KeySet();
        await using var gateway = await GatewayServer.StartAsync($"""
            auth:
              oidc:
                issuer: {Issuer}
                audience: {Audience}
                jwksUrl: {new Uri(idp.BaseUrl, "/jwks")}
                rolesClaim: groups
            """);
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await gateway.SendAsync(HttpMethod.Get, "/v1/models", Token(Ec, SecurityAlgorithms.EcdsaSha256, ["analyst"]))).StatusCode);
        Assert.Equal(1, idp.JwksFetches);
    }

    public static TheoryData<string, string> Invalid => new()
    {
        { "expired", "expired" },
        { "wrong-audience", "wrong audience" },
        { "wrong-issuer", "wrong issuer" },
        { "bad-signature", "signature" },
        { "unknown-key", "unknown key" },
        { "not-yet-valid", "not valid yet" },
        { "garbage", "well-formed" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task Invalid_tokens_are_401_saying_why(string kind, string reason)
    {
        var token = kind switch
        {
            "expired" => Token(Rsa, SecurityAlgorithms.RsaSha256, ["admin"], expires: DateTime.UtcNow.AddMinutes(-3), notBefore: DateTime.UtcNow.AddMinutes(-30)),
            "wrong-audience" => Token(Rsa, SecurityAlgorithms.RsaSha256, ["admin"], audience: "someone-else"),
            "wrong-issuer" => Token(Rsa, SecurityAlgorithms.RsaSha256, ["admin"], issuer: "https://evil.test"),
            "bad-signature" => Token(new RsaSecurityKey(_otherRsa) { KeyId = "rsa-1" }, SecurityAlgorithms.RsaSha256, ["admin"]),
            "unknown-key" => Token(new RsaSecurityKey(_otherRsa) { KeyId = "rsa-9" }, SecurityAlgorithms.RsaSha256, ["admin"]),
            "not-yet-valid" => Token(Rsa, SecurityAlgorithms.RsaSha256, ["admin"], notBefore: DateTime.UtcNow.AddMinutes(30), expires: DateTime.UtcNow.AddMinutes(60)),
            _ => "eyJhbGciOi.not-a-jwt",
        };
        var response = await _gateway.SendAsync(HttpMethod.Get, "/v1/models", token);
        var error = await OpenAIErrorAssert.IsErrorAsync(response, HttpStatusCode.Unauthorized, "authentication_error", "invalid_token");
        Assert.Contains(reason, error["message"]!.GetValue<string>());
    }
}
