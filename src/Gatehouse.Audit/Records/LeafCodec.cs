using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gatehouse.Audit.Records;

/// <summary>
/// The canonical leaf bytes: compact UTF-8 JSON <c>{"v":1,"index":N,"record":{...},"payload":{...}}</c> with a fixed
/// property order, camelCase names, nulls omitted and UTC times. The index is inside the leaf so that a record moved
/// to another position is caught even if its hash is recomputed; the payload part holds only the ciphertext hash.
/// </summary>
internal static class LeafCodec
{
    /// <summary>The options for record JSON wherever it is written or read.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// The record part of a leaf. It does not depend on the leaf's position, so appenders encode it on their own
    /// threads and the single writer only frames it with the index (<see cref="Encode(long, byte[], PayloadReference?)"/>).
    /// </summary>
    public static byte[] EncodeRecord(AuditRecord record)
    {
        var normalized = record with { Time = record.Time.ToUniversalTime() };
        if (normalized is InteractionRecord { EndTime: { } end } interaction)
            normalized = interaction with { EndTime = end.ToUniversalTime() };
        var buffer = new ArrayBufferWriter<byte>(512);
        // The writer's default escaping is part of the canonical bytes: keep it identical to the framing writer's.
        using (var writer = new Utf8JsonWriter(buffer))
            JsonSerializer.Serialize(writer, normalized, Options);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Encodes a record at <paramref name="index"/>, with the reference to its encrypted payload if any.</summary>
    public static byte[] Encode(long index, AuditRecord record, PayloadReference? payload) => Encode(index, EncodeRecord(record), payload);

    /// <summary>Frames an already encoded record (<see cref="EncodeRecord"/>) as the leaf at <paramref name="index"/>.</summary>
    public static byte[] Encode(long index, byte[] recordJson, PayloadReference? payload)
    {
        var buffer = new ArrayBufferWriter<byte>(recordJson.Length + 128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", 1);
            writer.WriteNumber("index", index);
            writer.WritePropertyName("record");
            writer.WriteRawValue(recordJson, skipInputValidation: true);
            if (payload is not null)
            {
                writer.WriteStartObject("payload");
                writer.WriteNumber("keyId", payload.KeyId);
                writer.WriteString("ciphertextSha256", payload.CiphertextSha256);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes a leaf back into its parts.</summary>
    /// <exception cref="JsonException">The bytes are not a leaf of this format.</exception>
    public static DecodedLeaf Decode(ReadOnlySpan<byte> leaf)
    {
        using var doc = JsonDocument.Parse(leaf.ToArray());
        var root = doc.RootElement;
        var record = root.GetProperty("record").Deserialize<AuditRecord>(Options) ?? throw new JsonException("leaf has a null record");
        PayloadReference? payload = null;
        if (root.TryGetProperty("payload", out var p))
            payload = new PayloadReference(p.GetProperty("keyId").GetInt64(), p.GetProperty("ciphertextSha256").GetString()!);
        return new DecodedLeaf(root.GetProperty("index").GetInt64(), record, payload);
    }

    /// <summary>Reads only the embedded index, cheaply, for verification of large logs.</summary>
    /// <exception cref="JsonException">The bytes do not start like a leaf of this format.</exception>
    public static long ReadIndex(ReadOnlySpan<byte> leaf)
    {
        var reader = new Utf8JsonReader(leaf);
        while (reader.Read())
        {
            if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("index"))
            {
                reader.Read();
                return reader.GetInt64();
            }
            if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("record"))
                break;
        }
        throw new JsonException("leaf has no index before its record");
    }
}

/// <summary>A leaf's contents.</summary>
/// <param name="Index">The index the leaf claims.</param>
/// <param name="Record">The record.</param>
/// <param name="Payload">The encrypted payload it commits to, if retained.</param>
internal sealed record DecodedLeaf(long Index, AuditRecord Record, PayloadReference? Payload);

/// <summary>What a leaf says about its encrypted payload: which subject key, and the hash of the stored ciphertext.</summary>
/// <param name="KeyId">The row id of the data-subject key.</param>
/// <param name="CiphertextSha256">Hex SHA-256 of nonce || ciphertext || tag.</param>
internal sealed record PayloadReference(long KeyId, string CiphertextSha256);
