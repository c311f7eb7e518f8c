namespace Gatehouse.Audit.Merkle;

/// <summary>Told of every interior node a <see cref="CompactHashStack"/> completes, in the order it completes them.</summary>
internal interface ICompletedNodeListener
{
    /// <summary>The full subtree at (<paramref name="level"/> ≥ 1, <paramref name="index"/>) now hashes to <paramref name="hash"/>.</summary>
    void NodeCompleted(int level, long index, ReadOnlySpan<byte> hash);
}

/// <summary>
/// The compact range <c>[0, size)</c> of a tree that is being rebuilt leaf by leaf: one 32-byte hash per set bit of
/// the size, kept in one fixed array. Unlike <see cref="MerkleFrontier"/> it allocates nothing per leaf or node, so a
/// million-leaf verification folds two million hashes without garbage, and memory stays constant however long the log.
/// </summary>
internal sealed class CompactHashStack
{
    private const int HashSize = Rfc6962.HashSize;
    private readonly byte[] _stack = new byte[64 * HashSize];
    private int _depth;

    /// <summary>The number of leaves appended.</summary>
    public long Size { get; private set; }

    /// <summary>Appends a leaf hash, reporting each interior node it completes to <paramref name="listener"/>.</summary>
    public void Append(ReadOnlySpan<byte> leafHash, ICompletedNodeListener listener)
    {
        Span<byte> hash = stackalloc byte[HashSize];
        leafHash.CopyTo(hash);
        var index = Size;
        var level = 0;
        while ((index & 1) == 1)
        {
            _depth--;
            Rfc6962.NodeHash(Slot(_depth), hash, hash);
            level++;
            index >>= 1;
            listener.NodeCompleted(level, index, hash);
        }
        hash.CopyTo(Slot(_depth));
        _depth++;
        Size++;
    }

    /// <summary>Writes the RFC 6962 root of the leaves appended so far to <paramref name="destination"/>.</summary>
    public void Root(Span<byte> destination)
    {
        if (_depth == 0)
        {
            Rfc6962.EmptyRoot().CopyTo(destination);
            return;
        }
        Span<byte> root = stackalloc byte[HashSize];
        Slot(_depth - 1).CopyTo(root);
        for (var i = _depth - 2; i >= 0; i--)
            Rfc6962.NodeHash(Slot(i), root, root);
        root.CopyTo(destination);
    }

    private Span<byte> Slot(int depth) => _stack.AsSpan(depth * HashSize, HashSize);
}
