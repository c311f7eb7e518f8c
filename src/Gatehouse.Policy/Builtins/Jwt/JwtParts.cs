using System.Text;
using System.Text.Json;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Builtins.Jwt;

/// <summary>
/// A compact-serialized JWS split into its parts, with OPA's decoding rules and messages: three base64url sections,
/// a JSON object header, no JWE (<c>enc</c>) support, and nested tokens (<c>cty: JWT</c>) unwrapped.
/// </summary>
internal sealed class JwtParts
{
    private JwtParts(string signingInput, ObjectValue header, string payloadText, byte[] signature)
    {
        SigningInput = signingInput;
        Header = header;
        PayloadText = payloadText;
        Signature = signature;
    }

    /// <summary>The bytes the signature covers: <c>header.payload</c> as written in the token.</summary>
    public string SigningInput { get; }

    /// <summary>The decoded header.</summary>
    public ObjectValue Header { get; }

    /// <summary>The decoded payload text (JSON for a JWT, or a nested token).</summary>
    public string PayloadText { get; }

    /// <summary>The decoded signature.</summary>
    public byte[] Signature { get; }

    /// <summary>The header's <c>alg</c>, or null.</summary>
    public string? Algorithm => (Header.Get("alg") as StringValue)?.Value;

    /// <summary>Whether the payload is itself a token (<c>cty</c> is <c>JWT</c>).</summary>
    public bool IsNested => Header.Get("cty") is StringValue { Value: var cty } && cty.Equals("JWT", StringComparison.OrdinalIgnoreCase);

    /// <summary>The nested token's text, for a nested token (the payload may be a JSON string or the bare token).</summary>
    public string NestedToken
    {
        get
        {
            var text = PayloadText.Trim();
            if (!text.StartsWith('"')) return text;
            try
            {
                return JsonSerializer.Deserialize<string>(text) ?? text;
            }
            catch (JsonException)
            {
                return text;
            }
        }
    }

    /// <summary>Splits and decodes <paramref name="token"/>; throws <see cref="BuiltinException"/> as OPA would.</summary>
    public static JwtParts Parse(string name, string token)
    {
        if (!token.Contains('.', StringComparison.Ordinal)) throw BuiltinException.Error(name, "encoded JWT had no period separators");
        var sections = token.Split('.');
        if (sections.Length != 3) throw BuiltinException.Error(name, $"encoded JWT must have 3 sections, found {sections.Length}");
        var headerBytes = Decode(name, "header", sections[0]);
        var payloadBytes = Decode(name, "payload", sections[1]);
        var signature = Decode(name, "signature", sections[2]);
        Value header;
        try
        {
            header = ValueJson.Parse(Encoding.UTF8.GetString(headerBytes));
        }
        catch (JsonException)
        {
            throw BuiltinException.Error(name, "JWT header had invalid JSON");
        }
        if (header is not ObjectValue headerObject) throw BuiltinException.Error(name, "JWT header was not a JSON object");
        if (headerObject.ContainsKey(new StringValue("enc"))) throw BuiltinException.Error(name, "JWT is a JWE object, which is not supported");
        return new JwtParts(sections[0] + "." + sections[1], headerObject, Encoding.UTF8.GetString(payloadBytes), signature);
    }

    /// <summary>The payload as a JSON object; throws when it is not one.</summary>
    public ObjectValue PayloadObject(string name)
    {
        try
        {
            if (ValueJson.Parse(PayloadText) is ObjectValue payload) return payload;
        }
        catch (JsonException)
        {
        }
        throw BuiltinException.Error(name, "JWT payload had invalid JSON");
    }

    private static byte[] Decode(string name, string part, string text)
    {
        try
        {
            return Base64Url.Decode(text);
        }
        catch (FormatException e)
        {
            throw BuiltinException.Error(name, $"JWT {part} had invalid encoding: {e.Message}");
        }
    }
}
