using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Gatehouse.Audit.Checkpoints;

/// <summary>Key names and key ids as the C2SP signed-note spec defines them.</summary>
internal static class NoteKeyId
{
    /// <summary>The signature type byte for Ed25519.</summary>
    public const byte Ed25519Type = 0x01;

    /// <summary><c>SHA-256(name || 0x0A || type || public key)[:4]</c> read big-endian.</summary>
    public static uint Compute(string name, byte type, ReadOnlySpan<byte> publicKey)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[nameBytes.Length + 2 + publicKey.Length];
        nameBytes.CopyTo(input, 0);
        input[nameBytes.Length] = 0x0A;
        input[nameBytes.Length + 1] = type;
        publicKey.CopyTo(input.AsSpan(nameBytes.Length + 2));
        return BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(input));
    }

    /// <summary>Rejects names the spec forbids: empty, or containing a plus or any Unicode space.</summary>
    public static void ValidateName(string name)
    {
        if (name.Length == 0 || name.Contains('+') || name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            throw new NoteFormatException($"invalid key name '{name}': must be non-empty without '+' or spaces");
    }

    /// <summary>Parses the fixed-width 8-digit lowercase hex key id.</summary>
    public static uint ParseHex(string hex)
    {
        if (hex.Length != 8 || !uint.TryParse(hex, System.Globalization.NumberStyles.AllowHexSpecifier, null, out var id))
            throw new NoteFormatException($"invalid key id '{hex}': expected 8 hex digits");
        return id;
    }
}
