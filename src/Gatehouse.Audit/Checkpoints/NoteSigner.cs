using NSec.Cryptography;

namespace Gatehouse.Audit.Checkpoints;

/// <summary>
/// An Ed25519 note signing key. Its text form follows Go's sumdb/note convention,
/// <c>PRIVATE+KEY+name+hash+base64(0x01 || seed)</c>, so keys interoperate with the Go tooling.
/// </summary>
public sealed class NoteSigner : IDisposable
{
    private const string Prefix = "PRIVATE+KEY+";
    private readonly Key _key;
    private readonly byte[] _seed;

    private NoteSigner(string name, byte[] seed)
    {
        NoteKeyId.ValidateName(name);
        _seed = seed;
        _key = Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey);
        Verifier = NoteVerifierKey.FromPublicKey(name, _key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    /// <summary>The matching verifier key (name, id, public key).</summary>
    public NoteVerifierKey Verifier { get; }

    /// <summary>The key name.</summary>
    public string Name => Verifier.Name;

    /// <summary>Creates a fresh random key.</summary>
    public static NoteSigner Generate(string name)
    {
        var seed = new byte[32];
        System.Security.Cryptography.RandomNumberGenerator.Fill(seed);
        return new NoteSigner(name, seed);
    }

    /// <summary>Parses <c>PRIVATE+KEY+name+hash+base64(0x01 || seed)</c>.</summary>
    /// <exception cref="NoteFormatException">The string is not a valid Ed25519 signer key.</exception>
    public static NoteSigner Parse(string text)
    {
        text = text.Trim();
        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
            throw new NoteFormatException("signer key must start with PRIVATE+KEY+");
        var parts = text[Prefix.Length..].Split('+', 3);
        if (parts.Length != 3)
            throw new NoteFormatException("signer key must have the form PRIVATE+KEY+name+hash+base64");
        var id = NoteKeyId.ParseHex(parts[1]);
        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(parts[2]);
        }
        catch (FormatException)
        {
            throw new NoteFormatException("signer key material is not valid base64");
        }
        if (blob.Length != 33 || blob[0] != NoteKeyId.Ed25519Type)
            throw new NoteFormatException("signer key is not an Ed25519 key (type 0x01 and a 32-byte seed expected)");
        var signer = new NoteSigner(parts[0], blob[1..]);
        if (signer.Verifier.KeyId != id)
        {
            signer.Dispose();
            throw new NoteFormatException($"signer key id {parts[1]} does not match its name and key");
        }
        return signer;
    }

    /// <summary>The raw Ed25519 signature over <paramref name="message"/>.</summary>
    public byte[] Sign(ReadOnlySpan<byte> message) => SignatureAlgorithm.Ed25519.Sign(_key, message);

    /// <summary>The secret text form; write it only to a file readable by its owner.</summary>
    public override string ToString() => $"{Prefix}{Name}+{Verifier.KeyId:x8}+{Convert.ToBase64String([NoteKeyId.Ed25519Type, .. _seed])}";

    /// <inheritdoc />
    public void Dispose()
    {
        _key.Dispose();
        Array.Clear(_seed);
    }
}
