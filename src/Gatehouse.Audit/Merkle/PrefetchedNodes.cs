namespace Gatehouse.Audit.Merkle;

/// <summary>
/// Assembles a root or proof with one store read for all of its uncached nodes instead of one read per node. The
/// computation runs twice: first over placeholders, only to learn which nodes it needs (which depends on the tree
/// shape alone, never on hash values), then over the nodes fetched together. The hashing is negligible next to a read.
/// </summary>
internal static class PrefetchedNodes
{
    private static readonly byte[] Placeholder = new byte[Rfc6962.HashSize];

    /// <summary>Runs <paramref name="compute"/> with every node it reads fetched in one batch through <paramref name="fetch"/>.</summary>
    public static T Run<T>(StableNodeCache cache, Func<IReadOnlyCollection<(int Level, long Index)>, IReadOnlyDictionary<(int Level, long Index), byte[]>> fetch, Func<IMerkleNodeSource, T> compute)
    {
        var wanted = new Recorder(cache);
        compute(wanted);
        var fetched = wanted.Missing.Count == 0 ? new Dictionary<(int, long), byte[]>() : fetch(wanted.Missing);
        return compute(cache.Over(new Fetched(fetched)));
    }

    /// <summary>Answers cached nodes for real and everything else with a placeholder, noting what it will need.</summary>
    private sealed class Recorder(StableNodeCache cache) : IMerkleNodeSource
    {
        public HashSet<(int Level, long Index)> Missing { get; } = [];

        public byte[] GetNode(int level, long index)
        {
            if (cache.TryGet(level, index, out var hash))
                return hash;
            Missing.Add((level, index));
            return Placeholder;
        }
    }

    private sealed class Fetched(IReadOnlyDictionary<(int Level, long Index), byte[]> nodes) : IMerkleNodeSource
    {
        public byte[] GetNode(int level, long index) =>
            nodes.TryGetValue((level, index), out var hash) ? hash : throw new KeyNotFoundException($"tree node (level {level}, index {index}) is not stored");
    }
}
