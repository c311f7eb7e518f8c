using System.Security.Cryptography;

namespace Gatehouse.Gateway.DataProtection;

/// <summary>
/// The keys of the keyed operators (hash, encrypt). They live in files the gateway alone can read (mode 0600), by
/// default in the data directory, generated on first start; they never appear in the configuration in clear.
/// </summary>
/// <param name="HashKey">HMAC-SHA256 key (32 bytes).</param>
/// <param name="EncryptionKey">AES-256-GCM key (32 bytes).</param>
public sealed record DetectionKeys(byte[] HashKey, byte[] EncryptionKey)
{
    /// <summary>Default hash key file name in the data directory.</summary>
    public const string HashKeyFileName = "detection-hash.key";

    /// <summary>Default encryption key file name in the data directory.</summary>
    public const string EncryptionKeyFileName = "detection-encryption.key";

    private const int KeyLength = 32;

    /// <summary>Loads both keys, creating missing files (random, mode 0600) under <paramref name="dataDirectory"/>.</summary>
    /// <exception cref="InvalidOperationException">A key file exists but does not hold a 32-byte key.</exception>
    public static DetectionKeys LoadOrCreate(string dataDirectory, string? hashKeyFile, string? encryptionKeyFile) => new(
        LoadOrCreate(hashKeyFile ?? Path.Combine(dataDirectory, HashKeyFileName)),
        LoadOrCreate(encryptionKeyFile ?? Path.Combine(dataDirectory, EncryptionKeyFileName)));

    private static byte[] LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var key = RandomNumberGenerator.GetBytes(KeyLength);
            try
            {
                // CreateNew: two gateways starting at once must not overwrite each other's key.
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                using var stream = new FileStream(path, options);
                stream.Write(key);
                return key;
            }
            catch (IOException) when (File.Exists(path))
            {
                // Lost the race: read the winner's key below.
            }
        }
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length != KeyLength)
            throw new InvalidOperationException($"{path}: expected a {KeyLength}-byte key, found {bytes.Length} bytes");
        return bytes;
    }
}
