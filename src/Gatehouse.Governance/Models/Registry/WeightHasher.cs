using System.Security.Cryptography;

namespace Gatehouse.Governance.Models.Registry;

/// <summary>Progress of hashing one file, reported for files large enough that a person would wait on them.</summary>
/// <param name="Path">The file being hashed.</param>
/// <param name="BytesDone">Bytes hashed so far.</param>
/// <param name="TotalBytes">File length.</param>
public readonly record struct HashProgress(string Path, long BytesDone, long TotalBytes);

/// <summary>
/// Streams SHA-256 over files with a fixed buffer, so multi-gigabyte weights hash in bounded memory.
/// </summary>
public static class WeightHasher
{
    /// <summary>Files at least this large report progress (smaller ones finish before anyone notices).</summary>
    public const long ProgressThresholdBytes = 64L * 1024 * 1024;

    private const int BufferSize = 1024 * 1024;

    /// <summary>Hashes <paramref name="path"/> and returns the lower-case hex digest and the length.</summary>
    /// <param name="path">The file.</param>
    /// <param name="progress">Told about every ~1% of a file at or above <see cref="ProgressThresholdBytes"/>.</param>
    /// <param name="cancellationToken">Stops hashing.</param>
    public static async Task<(string Sha256, long Length)> HashFileAsync(
        string path, IProgress<HashProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read,
            BufferSize = 0, Options = FileOptions.SequentialScan | FileOptions.Asynchronous,
        });
        var total = stream.Length;
        var report = progress is not null && total >= ProgressThresholdBytes;
        var step = Math.Max(total / 100, BufferSize);
        var nextReport = step;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[BufferSize];
        long done = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            done += read;
            if (report && done >= nextReport)
            {
                progress!.Report(new HashProgress(path, done, total));
                nextReport += step;
            }
        }
        if (report)
            progress!.Report(new HashProgress(path, done, total));
        return (Convert.ToHexStringLower(hash.GetHashAndReset()), done);
    }

    /// <summary>The lower-case hex SHA-256 of a string's UTF-8 bytes.</summary>
    public static string HashText(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}
