using System.Security.Cryptography;
using Gatehouse.Policy.Values;
using static Gatehouse.Policy.Tests.Builtins.BuiltinCall;

namespace Gatehouse.Policy.Tests.Builtins;

public class JwtTokensTests
{
    private const string Hs256Token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIwIiwiaXNzIjoib3BhIn0.XmVoLoHI3pxMtMO_WRONMSJzGUDP9pDjy8Jp0_tdRXY";
    private static readonly Value OctKey = Json("""{"kty": "oct", "k": "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}""");

    [Fact]
    public void Decode_returns_header_payload_and_hex_signature()
    {
        Assert.Equal(Json("""[{"alg": "HS256", "typ": "JWT"}, {"iss": "opa", "sub": "0"}, "5e65682e81c8de9c4cb4c3bf59138d3122731940cff690e3cbc269d3fb5d4576"]"""),
            Call("io.jwt.decode", Hs256Token));
    }

    [Theory]
    [InlineData("abc", "io.jwt.decode: encoded JWT had no period separators")]
    [InlineData("a.b", "io.jwt.decode: encoded JWT must have 3 sections, found 2")]
    [InlineData("eyJhbGciOiJIU^%zI1NiI+sInR5cCI6IkpXVCJ9.e30.e30", "io.jwt.decode: JWT header had invalid encoding: illegal base64 data at input byte 13")]
    [InlineData("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImVuYyI6ImJsYWgifQ.e30.e30", "io.jwt.decode: JWT is a JWE object, which is not supported")]
    public void Malformed_tokens_are_errors(string token, string message) => Fails("eval_builtin_error", message, "io.jwt.decode", token);

    [Fact]
    public void Hmac_sign_then_verify_round_trips()
    {
        var token = Call("io.jwt.encode_sign", Json("""{"alg": "HS256", "typ": "JWT"}"""), ObjectValue.Empty, OctKey);
        Assert.Equal(new StringValue("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.6cvao8lnOu6FAdK68jQFcDMXOmaWNwWiYhCgijd-AD8"), token);
        Assert.Equal(BooleanValue.False, Call("io.jwt.verify_hs256", token!, "secret")); // signed with the JWK key, not "secret"
        var signed = Call("io.jwt.encode_sign", Json("""{"alg": "HS512"}"""), Json("""{"sub": "0"}"""), Json("""{"kty": "oct", "k": "c2VjcmV0"}"""))!;
        Assert.Equal(BooleanValue.True, Call("io.jwt.verify_hs512", signed, "secret"));
        Assert.Equal(BooleanValue.False, Call("io.jwt.verify_hs512", signed, "not the secret"));
        Assert.Equal(BooleanValue.False, Call("io.jwt.verify_hs256", signed, "secret"));
    }

    [Fact]
    public void Decode_verify_checks_signature_and_claims()
    {
        using var rsa = RSA.Create(2048);
        var p = rsa.ExportParameters(true);
        string B(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var privateJwk = ObjectValue.Of(("kty", "RSA"), ("n", B(p.Modulus!)), ("e", B(p.Exponent!)), ("d", B(p.D!)), ("p", B(p.P!)),
            ("q", B(p.Q!)), ("dp", B(p.DP!)), ("dq", B(p.DQ!)), ("qi", B(p.InverseQ!)));
        var publicJwk = ValueJson.ToJsonString(ObjectValue.Of(("kty", "RSA"), ("n", B(p.Modulus!)), ("e", B(p.Exponent!))));
        var pem = rsa.ExportSubjectPublicKeyInfoPem();
        var token = Call("io.jwt.encode_sign", Json("""{"alg": "PS384"}"""), Json("""{"iss": "xxx", "aud": "fred", "exp": 3000, "nbf": 1000}"""), privateJwk)!;
        Value Check(string constraints) => Call("io.jwt.decode_verify", token, Json(constraints))!;
        var ok = Check($$"""{"cert": {{ValueJson.ToJsonString(new StringValue(pem))}}, "aud": "fred", "time": 2000000000000}""");
        Assert.Equal(Json("""[true, {"alg": "PS384"}, {"aud": "fred", "exp": 3000, "iss": "xxx", "nbf": 1000}]"""), ok);
        Assert.Equal(BooleanValue.True, ((ArrayValue)Check($$"""{"cert": {{ValueJson.ToJsonString(new StringValue(publicJwk))}}, "aud": "fred", "iss": "xxx", "alg": "PS384", "time": 2000000000000}"""))[0]);
        var unverified = Json("[false, {}, {}]");
        Assert.Equal(unverified, Check($$"""{"cert": {{ValueJson.ToJsonString(new StringValue(pem))}}, "aud": "fred", "time": 3000000000000}""")); // expired
        Assert.Equal(unverified, Check($$"""{"cert": {{ValueJson.ToJsonString(new StringValue(pem))}}, "aud": "fred", "time": 500000000000}""")); // too soon
        Assert.Equal(unverified, Check($$"""{"cert": {{ValueJson.ToJsonString(new StringValue(pem))}}, "time": 2000000000000}""")); // aud not asked for
        Assert.Equal(unverified, Check($$"""{"cert": {{ValueJson.ToJsonString(new StringValue(pem))}}, "aud": "fred", "alg": "RS256", "time": 2000000000000}"""));
        Assert.Equal(unverified, Check("""{"secret": "x", "aud": "fred", "time": 2000000000000}"""));
        Fails("eval_builtin_error", "io.jwt.decode_verify: unknown token validation constraint: foo", "io.jwt.decode_verify", token, Json("""{"secret": "x", "foo": 1}"""));
    }

    [Theory]
    [InlineData("{\"exp\": null}", "io.jwt.decode_verify: exp value must be a number")]
    [InlineData("{\"nbf\": \"soon\"}", "io.jwt.decode_verify: nbf value must be a number")]
    public void Claims_of_the_wrong_type_are_errors(string payload, string message)
    {
        var key = Json("""{"kty": "oct", "k": "NDI"}"""); // base64url of "42"
        var token = Call("io.jwt.encode_sign", Json("""{"alg": "HS256"}"""), Json(payload), key)!;
        Fails("eval_builtin_error", message, "io.jwt.decode_verify", token, Json("""{"secret": "42"}"""));
    }

    [Theory]
    [InlineData("", "io.jwt.encode_sign_raw: missing or invalid 'alg' header: cannot parse JSON: cannot parse empty string")]
    [InlineData("e", "io.jwt.encode_sign_raw: missing or invalid 'alg' header: jwsbb: header \"alg\" not found")]
    [InlineData("{\"alg\":\"dummy\"}", "io.jwt.encode_sign_raw: unknown JWS algorithm: dummy")]
    public void Raw_header_errors(string header, string message) =>
        Fails("eval_builtin_error", message, "io.jwt.encode_sign_raw", header, "{}", ValueJson.ToJsonString(OctKey));

    [Fact]
    public void Key_errors_read_like_opa()
    {
        Fails("eval_builtin_error", "io.jwt.verify_rs256: failed to extract a Key from the PEM certificate", "io.jwt.verify_rs256", Hs256Token,
            "-----BEGIN CERT-----\nAAAA\n-----END CERT-----");
        Fails("eval_builtin_error", "io.jwt.verify_rs256: extra data after a PEM certificate block", "io.jwt.verify_rs256", Hs256Token,
            "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\nEXTRA");
        Fails("eval_builtin_error", "io.jwt.verify_rs256: failed to parse a JWK key (set)", "io.jwt.verify_rs256", Hs256Token, "{\"kty\": \"RSA\"}");
    }

    [Fact]
    public void EdDsa_signs_deterministically()
    {
        var key = Json("""{"kty":"OKP","alg":"EdDSA","crv":"Ed25519","x":"wEZFfoAj1rFKTLOOmjJjVZlCHwksuvMb2I5y_hg70E8","d":"9XI34uQzYUJfWhDZf_0nYsLMBRVu8a6dFsy60P8uugk"}""");
        var token = Call("io.jwt.encode_sign_raw", """{"alg":"EdDSA","typ":"JWT"}""", """{"iss":"joe","exp":1300819380,"http://example.com/is_root":true}""", ValueJson.ToJsonString(key));
        Assert.Equal(new StringValue("eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJqb2UiLCJleHAiOjEzMDA4MTkzODAsImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.jS1so-rsTaC8DdA8_ZnFXYbi9xOrMVXOviMFrahQ7ez0UKKzjU-2vxrM0ON-Vu3GXKhtBkkO3SUtNMoeYw3zDQ"), token);
        Assert.Equal(BooleanValue.True, Call("io.jwt.verify_eddsa", token!, ValueJson.ToJsonString(key)));
    }
}
