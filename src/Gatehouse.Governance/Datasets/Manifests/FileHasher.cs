using System.Security.Cryptography;

namespace Gatehouse.Governance.Datasets.Manifests;

/// <summary>SHA-256 of files, streamed.</summary>
public static class FileHasher
{
    /// <summary>Lower-case hex SHA-256 of the file's content.</summary>
    public static string Sha256(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
