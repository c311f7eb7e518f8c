using System.Text;
using System.Text.Json;
using Gatehouse.Policy.Builtins.Jwt;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Builtins;

/// <summary>
/// The <c>io.jwt.*</c> builtins: decoding, signature checks per algorithm, <c>decode_verify</c> with OPA's constraints
/// object (<c>cert</c> or <c>secret</c>, <c>alg</c>, <c>iss</c>, <c>aud</c>, <c>time</c>, and <c>exp</c>/<c>nbf</c> checks),
/// and signing from JWKs. Keys are PEM certificates or public keys, JWKs or JWK sets; messages follow OPA's.
/// </summary>
public static class JwtTokens
{
    private static readonly NumberValue NanosPerSecond = NumberValue.Of(1_000_000_000);

    /// <summary>Registers the family.</summary>
    public static void Register(BuiltinRegistry registry)
    {
        var s = RegoType.String;
        var obj = RegoType.ObjectOf(RegoType.Any, RegoType.Any);
        registry.Register("io.jwt.decode", BuiltinSignature.Of(RegoType.ArrayOf(RegoType.Any), s), Decode);
        foreach (var algorithm in JwsKey.Algorithms)
        {
            var name = "io.jwt.verify_" + algorithm.ToLowerInvariant();
            var hmac = algorithm.StartsWith("HS", StringComparison.Ordinal);
            registry.Register(name, BuiltinSignature.Of(RegoType.Boolean, s, s), (o, _) =>
            {
                var parts = JwtParts.Parse(name, Operand.String(name, o, 0));
                var keyText = Operand.String(name, o, 1);
                var keys = hmac ? [new HmacJwsKey(Encoding.UTF8.GetBytes(keyText))] : JwsKeyReader.VerificationKeys(name, keyText);
                return BooleanValue.Of(Verified(parts, algorithm, keys));
            });
        }
        // Without a time constraint the result depends on the query's clock, so it must never be cached across queries.
        registry.Register("io.jwt.decode_verify", BuiltinSignature.Of(RegoType.ArrayOf(RegoType.Any), s, obj), DecodeVerify, nondeterministic: true);
        registry.Register("io.jwt.encode_sign", BuiltinSignature.Of(s, obj, obj, obj), EncodeSign, nondeterministic: true);
        registry.Register("io.jwt.encode_sign_raw", BuiltinSignature.Of(s, s, s, s), EncodeSignRaw, nondeterministic: true);
    }

    private static bool Verified(JwtParts parts, string algorithm, IEnumerable<JwsKey> keys)
    {
        var data = Encoding.ASCII.GetBytes(parts.SigningInput);
        return keys.Any(key => key.Verify(algorithm, data, parts.Signature));
    }

    private static Value Decode(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        const string name = "io.jwt.decode";
        var parts = JwtParts.Parse(name, Operand.String(name, operands, 0));
        while (parts.IsNested) parts = JwtParts.Parse(name, parts.NestedToken);
        return new ArrayValue([parts.Header, parts.PayloadObject(name), new StringValue(Convert.ToHexStringLower(parts.Signature))]);
    }

    private static Value DecodeVerify(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        const string name = "io.jwt.decode_verify";
        var token = Operand.String(name, operands, 0);
        var constraints = JwtConstraints.Read(name, Operand.Object(name, operands, 1), context);
        var unverified = new ArrayValue([BooleanValue.False, ObjectValue.Empty, ObjectValue.Empty]);
        var parts = JwtParts.Parse(name, token);
        while (true)
        {
            if (parts.Algorithm is not { } algorithm || !JwsKey.Algorithms.Contains(algorithm)) return unverified;
            if (constraints.Algorithm is { } wanted && wanted != algorithm) return unverified;
            if (parts.Header.ContainsKey(new StringValue("crit"))) return unverified; // no critical extensions are understood
            if (!Verified(parts, algorithm, constraints.Keys)) return unverified;
            if (!parts.IsNested) break;
            parts = JwtParts.Parse(name, parts.NestedToken);
        }
        var payload = parts.PayloadObject(name);
        return constraints.Accepts(name, payload) ? new ArrayValue([BooleanValue.True, parts.Header, payload]) : unverified;
    }

    private static Value EncodeSign(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        const string name = "io.jwt.encode_sign";
        var header = Operand.Object(name, operands, 0);
        var payload = Operand.Object(name, operands, 1);
        var key = Operand.Object(name, operands, 2);
        return Sign(name, ValueJson.ToJsonString(header), ValueJson.ToJsonString(payload), ValueJson.ToJsonString(key));
    }

    private static Value EncodeSignRaw(ReadOnlySpan<Value> operands, BuiltinContext context)
    {
        const string name = "io.jwt.encode_sign_raw";
        return Sign(name, Operand.String(name, operands, 0), Operand.String(name, operands, 1), Operand.String(name, operands, 2));
    }

    private static StringValue Sign(string name, string headerText, string payloadText, string keyText)
    {
        var header = ReadHeader(name, headerText);
        var algorithm = header.Get("alg") is StringValue { Value: var alg }
            ? alg
            : throw BuiltinException.Error(name, "missing or invalid 'alg' header: jwsbb: header \"alg\" not found");
        if (!JwsKey.Algorithms.Contains(algorithm)) throw BuiltinException.Error(name, "unknown JWS algorithm: " + algorithm);
        if (header.Get("typ") is StringValue { Value: "JWT" } && !IsJson(payloadText))
            throw BuiltinException.Error(name, "type is JWT but payload is not JSON");
        JwsKey key;
        try
        {
            using var document = JsonDocument.Parse(keyText);
            key = JwsKeyReader.FromJwk(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or FormatException or System.Security.Cryptography.CryptographicException)
        {
            throw BuiltinException.Error(name, "failed to parse a JWK key (set)");
        }
        var signingInput = Base64Url.Encode(Encoding.UTF8.GetBytes(headerText)) + "." + Base64Url.Encode(Encoding.UTF8.GetBytes(payloadText));
        var signature = key.Sign(algorithm, Encoding.ASCII.GetBytes(signingInput))
            ?? throw BuiltinException.Error(name, $"failed to sign: the key cannot sign with {algorithm}");
        return new StringValue(signingInput + "." + Base64Url.Encode(signature));
    }

    private static ObjectValue ReadHeader(string name, string text)
    {
        const string prefix = "missing or invalid 'alg' header: ";
        if (text.Length == 0) throw BuiltinException.Error(name, prefix + "cannot parse JSON: cannot parse empty string");
        try
        {
            if (ValueJson.Parse(text) is ObjectValue header) return header;
        }
        catch (JsonException e) when (text.TrimStart().StartsWith('{'))
        {
            throw BuiltinException.Error(name, prefix + "cannot parse JSON: " + e.Message);
        }
        catch (JsonException)
        {
        }
        throw BuiltinException.Error(name, prefix + "jwsbb: header \"alg\" not found");
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The constraints object of <c>io.jwt.decode_verify</c>.</summary>
    private sealed class JwtConstraints
    {
        private static readonly HashSet<string> Known = ["cert", "secret", "alg", "iss", "aud", "time"];

        public required List<JwsKey> Keys { get; init; }
        public string? Algorithm { get; init; }
        public string? Issuer { get; init; }
        public string? Audience { get; init; }
        public required NumberValue TimeNanos { get; init; }

        public static JwtConstraints Read(string name, ObjectValue constraints, BuiltinContext context)
        {
            string? Text(string key) => constraints.Get(key) switch
            {
                null => null,
                StringValue s => s.Value,
                var other => throw BuiltinException.Error(name, $"{key} constraint: must be a string but got {other.TypeName}"),
            };
            foreach (var key in constraints.Keys)
                if (key is not StringValue { Value: var k } || !Known.Contains(k))
                    throw BuiltinException.Error(name, "unknown token validation constraint: " + (key is StringValue ks ? ks.Value : key.ToString()));
            var cert = Text("cert");
            var secret = Text("secret");
            if ((cert is null) == (secret is null)) throw BuiltinException.Error(name, "exactly one of cert or secret must be given");
            var time = constraints.Get("time") switch
            {
                null => NumberValue.Of((context.Now.UtcTicks - DateTime.UnixEpoch.Ticks) * 100),
                NumberValue n => n,
                var other => throw BuiltinException.Error(name, $"time constraint: must be a number but got {other.TypeName}"),
            };
            return new JwtConstraints
            {
                Keys = secret is not null ? [new HmacJwsKey(Encoding.UTF8.GetBytes(secret))] : JwsKeyReader.VerificationKeys(name, cert!),
                Algorithm = Text("alg"), Issuer = Text("iss"), Audience = Text("aud"), TimeNanos = time,
            };
        }

        /// <summary>Whether the claims pass: not expired, already valid, issuer and audience as required.</summary>
        public bool Accepts(string name, ObjectValue payload)
        {
            if (Seconds(name, payload, "exp") is { } exp && NumberValue.Compare(TimeNanos, exp.Multiply(NanosPerSecond)) >= 0) return false;
            if (Seconds(name, payload, "nbf") is { } nbf && NumberValue.Compare(TimeNanos, nbf.Multiply(NanosPerSecond)) < 0) return false;
            if (Issuer is not null && (payload.Get("iss") as StringValue)?.Value != Issuer) return false;
            var audience = payload.Get("aud");
            if (audience is null) return Audience is null;
            if (Audience is null) return false;
            return audience switch
            {
                StringValue single => single.Value == Audience,
                ArrayValue many => many.Any(a => a is StringValue sv && sv.Value == Audience),
                _ => false,
            };
        }

        private static NumberValue? Seconds(string name, ObjectValue payload, string claim) => payload.Get(claim) switch
        {
            null => null,
            NumberValue n => n,
            _ => throw BuiltinException.Error(name, $"{claim} value must be a number"),
        };
    }
}
