namespace Gatehouse.Audit.Merkle;

/// <summary>
/// The compact range <c>[0, size)</c>: the hashes of the full subtrees on the tree's right edge, one per set bit of
/// <c>size</c>, largest first. Appending a leaf costs O(log n) hashing and yields exactly the new full-subtree nodes a
/// store must persist; the root is a fold over at most 64 hashes.
/// </summary>
public sealed class MerkleFrontier
{
    private readonly List<byte[]> _hashes = [];

    /// <summary>The number of leaves covered.</summary>
    public long Size { get; private set; }

    /// <summary>Rebuilds the frontier of a tree of <paramref name="size"/> leaves from stored full-subtree nodes.</summary>
    public static MerkleFrontier Load(IMerkleNodeSource nodes, long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        var frontier = new MerkleFrontier();
        long start = 0;
        for (var level = 62; level >= 0; level--)
        {
            if ((size & (1L << level)) == 0)
                continue;
            frontier._hashes.Add(nodes.GetNode(level, start >> level));
            start += 1L << level;
        }
        frontier.Size = size;
        return frontier;
    }

    /// <summary>
    /// Appends a leaf hash and reports every full-subtree node that the append completes (the leaf itself at level 0
    /// first, then each newly completed parent) through <paramref name="completed"/>.
    /// </summary>
    public void Append(byte[] leafHash, Action<int, long, byte[]>? completed = null)
    {
        var index = Size;
        var level = 0;
        var hash = leafHash;
        completed?.Invoke(level, index, hash);
        while ((index & 1) == 1)
        {
            var left = _hashes[^1];
            _hashes.RemoveAt(_hashes.Count - 1);
            hash = Rfc6962.NodeHash(left, hash);
            level++;
            index >>= 1;
            completed?.Invoke(level, index, hash);
        }
        _hashes.Add(hash);
        Size++;
    }

    /// <summary>The RFC 6962 root of the covered tree.</summary>
    public byte[] Root()
    {
        if (_hashes.Count == 0)
            return Rfc6962.EmptyRoot();
        var root = _hashes[^1];
        for (var i = _hashes.Count - 2; i >= 0; i--)
            root = Rfc6962.NodeHash(_hashes[i], root);
        return root;
    }

    /// <summary>An independent copy, so a writer can try an append and discard it if the commit fails.</summary>
    public MerkleFrontier Clone()
    {
        var copy = new MerkleFrontier { Size = Size };
        copy._hashes.AddRange(_hashes);
        return copy;
    }
}
