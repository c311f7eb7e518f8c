using Microsoft.Extensions.FileSystemGlobbing;

namespace Gatehouse.Governance.Datasets.Readers;

/// <summary>
/// Expands the paths given on the command line into files: a file stays itself, a directory is walked recursively
/// and filtered by include/exclude globs. The manifest and the <c>.gatehouse</c> folder beside it are not data and
/// are always left out. A path that does not exist is an input error.
/// </summary>
public static class DatasetFileFinder
{
    /// <summary>Folder next to a manifest where scan reports and keys are kept.</summary>
    public const string StateFolder = ".gatehouse";

    /// <summary>Finds the files under <paramref name="paths"/>; each directory's files are sorted by path.</summary>
    public static IReadOnlyList<DatasetFile> Find(IEnumerable<string> paths, IReadOnlyCollection<string> include, IReadOnlyCollection<string> exclude, InputErrorLog errors)
    {
        var files = new List<DatasetFile>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(new DatasetFile(Path.GetFullPath(path), Normalize(path), new FileInfo(path).Length));
            }
            else if (Directory.Exists(path))
            {
                files.AddRange(InDirectory(path, include, exclude));
            }
            else
            {
                errors.Add(Normalize(path), 0, "not-found", "no such file or directory");
            }
        }
        return files;
    }

    /// <summary>The files of one directory, relative display paths prefixed with the directory as given.</summary>
    public static IEnumerable<DatasetFile> InDirectory(string directory, IReadOnlyCollection<string> include, IReadOnlyCollection<string> exclude, bool prefixDirectory = true)
    {
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddIncludePatterns(include.Count > 0 ? include : ["**/*"]);
        matcher.AddExcludePatterns(exclude);
        matcher.AddExcludePatterns([$"{StateFolder}/**", "gatehouse-dataset.yaml", "gatehouse-dataset.yml"]);
        var root = Path.GetFullPath(directory);
        return matcher.GetResultsInFullPath(root)
            .Order(StringComparer.Ordinal)
            .Select(full =>
            {
                var relative = Path.GetRelativePath(root, full).Replace('\\', '/');
                var display = prefixDirectory ? Normalize(Path.Combine(directory, relative)) : relative;
                return new DatasetFile(full, display, new FileInfo(full).Length) { RelativePath = relative };
            });
    }

    private static string Normalize(string path)
    {
        var normalized = path.Replace('\\', '/');
        return normalized.StartsWith("./", StringComparison.Ordinal) ? normalized[2..] : normalized;
    }
}
