using System.Security.Cryptography;
using NSec.Cryptography;

namespace Gatehouse.Governance.Datasets.Attestation;

/// <summary>
/// Ed25519 signing and verification of DSSE envelopes (NSec / libsodium). The key file holds the raw 32-byte private
/// key; the key id is the hex SHA-256 of the raw public key, so a verifier can pick the right key.
/// </summary>
public sealed class Ed25519Signer : IDisposable
{
    private static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;
    private readonly Key _key;

    private Ed25519Signer(Key key) => _key = key;

    /// <summary>The raw 32-byte public key.</summary>
    public byte[] PublicKey => _key.PublicKey.Export(KeyBlobFormat.RawPublicKey);

    /// <summary>The key id: hex SHA-256 of the raw public key.</summary>
    public string KeyId => KeyIdOf(PublicKey);

    /// <summary>The key id of a raw public key.</summary>
    public static string KeyIdOf(byte[] publicKey) => Convert.ToHexStringLower(SHA256.HashData(publicKey));

    /// <summary>Loads the key at <paramref name="path"/>, creating it (owner-only permissions) when it does not exist.</summary>
    public static Ed25519Signer LoadOrCreate(string path)
    {
        if (File.Exists(path))
            return new Ed25519Signer(Key.Import(Algorithm, File.ReadAllBytes(path), KeyBlobFormat.RawPrivateKey));
        var key = Key.Create(Algorithm, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new FileStream(path, options))
            file.Write(key.Export(KeyBlobFormat.RawPrivateKey));
        return new Ed25519Signer(key);
    }

    /// <summary>The raw public key of the private key file at <paramref name="path"/> (never creates one).</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="FormatException">The file is not a raw 32-byte Ed25519 private key.</exception>
    public static byte[] PublicKeyOfKeyFile(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length != 32)
            throw new FormatException($"{path}: not a raw Ed25519 private key (expected 32 bytes, found {bytes.Length})");
        using var key = Key.Import(Algorithm, bytes, KeyBlobFormat.RawPrivateKey);
        return key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
    }

    /// <summary>Wraps <paramref name="payload"/> in an envelope signed with this key.</summary>
    public DsseEnvelope Sign(string payloadType, byte[] payload)
    {
        var signature = Algorithm.Sign(_key, DsseEnvelope.Pae(payloadType, payload));
        return new DsseEnvelope(payloadType, Convert.ToBase64String(payload), [new DsseSignature(KeyId, Convert.ToBase64String(signature))]);
    }

    /// <summary>
    /// True when <paramref name="envelope"/> carries a valid signature by <paramref name="publicKey"/> over the PAE of
    /// its type and payload. Signatures by other keys are ignored; malformed base64 is simply not valid.
    /// </summary>
    public static bool Verify(DsseEnvelope envelope, byte[] publicKey)
    {
        PublicKey key;
        byte[] pae;
        try
        {
            key = NSec.Cryptography.PublicKey.Import(Algorithm, publicKey, KeyBlobFormat.RawPublicKey);
            pae = DsseEnvelope.Pae(envelope.PayloadType, envelope.PayloadBytes());
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return false;
        }
        var keyId = KeyIdOf(publicKey);
        foreach (var signature in envelope.Signatures.Where(s => s.KeyId == keyId))
        {
            var bytes = new byte[Algorithm.SignatureSize];
            if (Convert.TryFromBase64String(signature.Sig, bytes, out var written) && written == bytes.Length && Algorithm.Verify(key, pae, bytes))
                return true;
        }
        return false;
    }

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();
}
