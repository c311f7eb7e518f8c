using Gatehouse.Governance.Models.Registry;

namespace Gatehouse.Cli.Commands;

/// <summary>
/// Prints hashing progress of large weight files to standard error every tenth of the file, synchronously (unlike
/// <see cref="Progress{T}"/>, which posts to the thread pool and could print after the verb has finished).
/// </summary>
internal sealed class HashProgressWriter(TextWriter error) : IProgress<HashProgress>
{
    private string? currentPath;
    private int lastTenth = -1;

    public void Report(HashProgress value)
    {
        if (value.Path != currentPath)
            (currentPath, lastTenth) = (value.Path, -1);
        var tenth = value.TotalBytes == 0 ? 10 : (int)(value.BytesDone * 10 / value.TotalBytes);
        if (tenth == lastTenth)
            return;
        lastTenth = tenth;
        error.WriteLine($"hashing {Path.GetFileName(value.Path)}: {tenth * 10}% ({Mebibytes(value.BytesDone)} of {Mebibytes(value.TotalBytes)} MiB)");
    }

    private static long Mebibytes(long bytes) => bytes / (1024 * 1024);
}
