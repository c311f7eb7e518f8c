using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gatehouse.Governance.Datasets.Attestation;

/// <summary>A DSSE signature: the signer's key id and the base64 signature over the PAE.</summary>
/// <param name="KeyId">Key id (hex SHA-256 of the raw public key).</param>
/// <param name="Sig">Base64 signature.</param>
public sealed record DsseSignature([property: JsonPropertyName("keyid")] string KeyId, [property: JsonPropertyName("sig")] string Sig);

/// <summary>A Dead Simple Signing Envelope (DSSE v1): base64 payload, its type, and signatures over the PAE.</summary>
/// <param name="PayloadType">Media type of the payload, <c>application/vnd.in-toto+json</c> for in-toto statements.</param>
/// <param name="Payload">Base64 of the payload bytes.</param>
/// <param name="Signatures">One or more signatures.</param>
public sealed record DsseEnvelope(
    [property: JsonPropertyName("payloadType")] string PayloadType,
    [property: JsonPropertyName("payload")] string Payload,
    [property: JsonPropertyName("signatures")] IReadOnlyList<DsseSignature> Signatures)
{
    /// <summary>The in-toto payload type.</summary>
    public const string InTotoPayloadType = "application/vnd.in-toto+json";

    /// <summary>
    /// Pre-Authentication Encoding: <c>"DSSEv1" SP LEN(type) SP type SP LEN(body) SP body</c>, lengths in ASCII decimal
    /// bytes. Signing this, not the bare payload, binds the type to the bytes.
    /// </summary>
    public static byte[] Pae(string payloadType, ReadOnlySpan<byte> payload)
    {
        var type = Encoding.UTF8.GetBytes(payloadType);
        var header = Encoding.ASCII.GetBytes($"DSSEv1 {type.Length} ");
        var middle = Encoding.ASCII.GetBytes($" {payload.Length} ");
        return [.. header, .. type, .. middle, .. payload];
    }

    /// <summary>The decoded payload bytes.</summary>
    public byte[] PayloadBytes() => Convert.FromBase64String(Payload);

    /// <summary>Serializes the envelope as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true });

    /// <summary>Parses an envelope.</summary>
    /// <exception cref="JsonException">Not an envelope.</exception>
    public static DsseEnvelope FromJson(string json) =>
        JsonSerializer.Deserialize<DsseEnvelope>(json) is { Payload: not null, PayloadType: not null, Signatures: not null } envelope
            ? envelope
            : throw new JsonException("not a DSSE envelope");
}
