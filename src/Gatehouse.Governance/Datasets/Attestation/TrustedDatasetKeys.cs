namespace Gatehouse.Governance.Datasets.Attestation;

/// <summary>
/// The Ed25519 public keys whose dataset verification statements are believed. They come from the data directory,
/// never from beside the statement (a forger would put their own key there):
/// the public half of <c>DATA/dataset-signing.key</c> (the key <c>gatehouse dataset verify</c> signs with by default),
/// and every <c>DATA/trusted-dataset-keys/*.pub</c> (base64 of a raw 32-byte public key, the format of the
/// <c>verification.pub</c> that verify writes), for statements signed on another machine, such as a CI runner.
/// </summary>
public sealed class TrustedDatasetKeys
{
    /// <summary>The dataset signing key's file name in the data directory.</summary>
    public const string SigningKeyFileName = "dataset-signing.key";

    /// <summary>The folder of further trusted public keys in the data directory.</summary>
    public const string TrustedKeysFolder = "trusted-dataset-keys";

    private readonly Dictionary<string, byte[]> byKeyId;

    /// <summary>Trusts exactly <paramref name="publicKeys"/> (raw 32-byte Ed25519 public keys).</summary>
    public TrustedDatasetKeys(IEnumerable<byte[]> publicKeys) =>
        byKeyId = publicKeys.DistinctBy(Ed25519Signer.KeyIdOf).ToDictionary(Ed25519Signer.KeyIdOf);

    /// <summary>Key ids (hex SHA-256 of the raw public key) of the trusted keys.</summary>
    public IReadOnlyCollection<string> KeyIds => byKeyId.Keys;

    /// <summary>The trusted public key with id <paramref name="keyId"/>, or null.</summary>
    public byte[]? Find(string keyId) => byKeyId.GetValueOrDefault(keyId);

    /// <summary>
    /// The keys trusted by the data directory <paramref name="dataDirectory"/>; a file that is not a key is reported
    /// in <paramref name="problems"/> and skipped (it trusts nothing, so skipping cannot let a statement through).
    /// </summary>
    public static TrustedDatasetKeys Load(string dataDirectory, ICollection<string>? problems = null)
    {
        var keys = new List<byte[]>();
        var signingKey = Path.Combine(dataDirectory, SigningKeyFileName);
        if (File.Exists(signingKey))
        {
            try
            {
                keys.Add(Ed25519Signer.PublicKeyOfKeyFile(signingKey));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                problems?.Add(e.Message);
            }
        }
        var folder = Path.Combine(dataDirectory, TrustedKeysFolder);
        if (Directory.Exists(folder))
            foreach (var file in Directory.EnumerateFiles(folder, "*.pub").Order(StringComparer.Ordinal))
            {
                try
                {
                    var key = Convert.FromBase64String(File.ReadAllText(file).Trim());
                    if (key.Length == 32)
                        keys.Add(key);
                    else
                        problems?.Add($"{file}: not an Ed25519 public key (expected 32 bytes, found {key.Length})");
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
                {
                    problems?.Add($"{file}: {e.Message}");
                }
            }
        return new TrustedDatasetKeys(keys);
    }
}
