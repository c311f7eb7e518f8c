using NSec.Cryptography;

namespace Gatehouse.Audit.Checkpoints;

/// <summary>
/// An Ed25519 verifier key in the C2SP signed-note text form <c>name+hex(keyid)+base64(0x01 || pubkey)</c>,
/// the string an auditor or witness configures to trust our checkpoints.
/// </summary>
public sealed class NoteVerifierKey
{
    private readonly PublicKey _publicKey;

    private NoteVerifierKey(string name, uint keyId, byte[] publicKeyBytes)
    {
        Name = name;
        KeyId = keyId;
        PublicKeyBytes = publicKeyBytes;
        _publicKey = PublicKey.Import(SignatureAlgorithm.Ed25519, publicKeyBytes, KeyBlobFormat.RawPublicKey);
    }

    /// <summary>The key name, which signature lines repeat.</summary>
    public string Name { get; }

    /// <summary>The 32-bit key id, which signatures carry in their first four bytes.</summary>
    public uint KeyId { get; }

    /// <summary>The raw 32-byte Ed25519 public key.</summary>
    public byte[] PublicKeyBytes { get; }

    /// <summary>Builds the verifier key for a name and raw Ed25519 public key, deriving the key id.</summary>
    public static NoteVerifierKey FromPublicKey(string name, byte[] publicKey)
    {
        NoteKeyId.ValidateName(name);
        return new NoteVerifierKey(name, NoteKeyId.Compute(name, NoteKeyId.Ed25519Type, publicKey), publicKey);
    }

    /// <summary>Parses <c>name+hash+base64</c>, checking the algorithm byte, key length and that the id matches the key.</summary>
    /// <exception cref="NoteFormatException">The string is not a valid Ed25519 verifier key.</exception>
    public static NoteVerifierKey Parse(string text)
    {
        var parts = text.Trim().Split('+', 3);
        if (parts.Length != 3)
            throw new NoteFormatException("verifier key must have the form name+hash+base64");
        NoteKeyId.ValidateName(parts[0]);
        var id = NoteKeyId.ParseHex(parts[1]);
        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(parts[2]);
        }
        catch (FormatException)
        {
            throw new NoteFormatException("verifier key material is not valid base64");
        }
        if (blob.Length != 33 || blob[0] != NoteKeyId.Ed25519Type)
            throw new NoteFormatException("verifier key is not an Ed25519 key (type 0x01 and 32 bytes expected)");
        var publicKey = blob[1..];
        if (NoteKeyId.Compute(parts[0], NoteKeyId.Ed25519Type, publicKey) != id)
            throw new NoteFormatException($"verifier key id {parts[1]} does not match its name and public key");
        return new NoteVerifierKey(parts[0], id, publicKey);
    }

    /// <summary>True when <paramref name="signature"/> is this key's Ed25519 signature over <paramref name="message"/>.</summary>
    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        signature.Length == SignatureAlgorithm.Ed25519.SignatureSize && SignatureAlgorithm.Ed25519.Verify(_publicKey, message, signature);

    /// <summary>The text form <c>name+hash+base64</c>.</summary>
    public override string ToString() => $"{Name}+{KeyId:x8}+{Convert.ToBase64String([NoteKeyId.Ed25519Type, .. PublicKeyBytes])}";
}
