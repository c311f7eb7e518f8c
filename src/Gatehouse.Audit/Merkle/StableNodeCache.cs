using System.Collections.Concurrent;

namespace Gatehouse.Audit.Merkle;

/// <summary>
/// Keeps the upper levels of the stored tree in memory. A full-subtree hash never changes once its subtree is
/// complete, so every proof that passes through the same upper node can reuse it: a random inclusion proof then reads
/// only its lowest <see cref="LowestCachedLevel"/> nodes from the store. Bounded, so a huge log cannot exhaust memory.
/// </summary>
internal sealed class StableNodeCache(int lowestCachedLevel = 8, int capacity = 1 << 18)
{
    private readonly ConcurrentDictionary<(int Level, long Index), byte[]> _nodes = new();
    private readonly int _capacity = capacity;

    /// <summary>Nodes at this level and above are cached (each one covers 2^level records).</summary>
    public int LowestCachedLevel { get; } = lowestCachedLevel;

    /// <summary>A cached node (a copy), if this level is cached and the node has been seen.</summary>
    public bool TryGet(int level, long index, out byte[] hash)
    {
        if (level >= LowestCachedLevel && _nodes.TryGetValue((level, index), out var cached))
        {
            hash = cached.ToArray();
            return true;
        }
        hash = [];
        return false;
    }

    /// <summary><paramref name="source"/> seen through this cache.</summary>
    public IMerkleNodeSource Over(IMerkleNodeSource source) => new Cached(this, source);

    private sealed class Cached(StableNodeCache cache, IMerkleNodeSource source) : IMerkleNodeSource
    {
        public byte[] GetNode(int level, long index)
        {
            if (level < cache.LowestCachedLevel)
                return source.GetNode(level, index);
            // Copies out, so a caller that keeps or edits a returned hash cannot change the cached one.
            if (cache.TryGet(level, index, out var hash))
                return hash;
            hash = source.GetNode(level, index);
            if (cache._nodes.Count < cache._capacity)
                cache._nodes.TryAdd((level, index), hash.ToArray());
            return hash;
        }
    }
}
