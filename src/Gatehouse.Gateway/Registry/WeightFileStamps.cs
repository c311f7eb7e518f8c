namespace Gatehouse.Gateway.Registry;

/// <summary>
/// The size and last-write time of a set of weight files at one moment: cheap to compare (a stat per file), so the
/// gateway can notice a file changed on disk while it runs and re-hash only then, instead of hashing gigabytes on a
/// timer. A file that appears, disappears, changes length or gets a new write time counts as changed.
/// </summary>
internal sealed class WeightFileStamps
{
    private readonly Dictionary<string, (bool Exists, long Length, DateTime WrittenUtc)> _stamps;

    private WeightFileStamps(Dictionary<string, (bool, long, DateTime)> stamps) => _stamps = stamps;

    /// <summary>Stamps <paramref name="paths"/> as they are now.</summary>
    public static WeightFileStamps Take(IEnumerable<string> paths)
    {
        var stamps = new Dictionary<string, (bool, long, DateTime)>(StringComparer.Ordinal);
        foreach (var path in paths)
            stamps[path] = Stamp(path);
        return new WeightFileStamps(stamps);
    }

    /// <summary>Whether any stamped file differs from its stamp now.</summary>
    public bool AnyChanged() => _stamps.Any(entry => Stamp(entry.Key) != entry.Value);

    private static (bool, long, DateTime) Stamp(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? (true, file.Length, file.LastWriteTimeUtc) : (false, 0, default);
    }
}
