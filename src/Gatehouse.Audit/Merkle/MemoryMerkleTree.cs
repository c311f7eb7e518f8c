namespace Gatehouse.Audit.Merkle;

/// <summary>
/// A Merkle tree held entirely in memory as flat per-level hash arrays. Used to recompute a whole log during
/// verification and to serve test vectors; the persistent log keeps the same nodes in its store instead.
/// </summary>
public sealed class MemoryMerkleTree : IMerkleNodeSource
{
    private readonly List<LevelBuffer> _levels = [];
    private readonly MerkleFrontier _frontier = new();

    /// <summary>The number of leaves.</summary>
    public long Size => _frontier.Size;

    /// <summary>Appends a leaf by its data (hashed with the RFC 6962 leaf prefix).</summary>
    public void AppendData(ReadOnlySpan<byte> data) => AppendLeafHash(Rfc6962.LeafHash(data));

    /// <summary>Appends a leaf by its already computed leaf hash.</summary>
    public void AppendLeafHash(byte[] leafHash) => _frontier.Append(leafHash, Store);

    /// <summary>The root of the first <paramref name="size"/> leaves (any size up to <see cref="Size"/>).</summary>
    public byte[] Root(long size) => MerkleProofs.Root(this, size);

    /// <summary>The root of the whole tree.</summary>
    public byte[] Root() => _frontier.Root();

    /// <inheritdoc />
    public byte[] GetNode(int level, long index) => NodeSpan(level, index).ToArray();

    /// <summary>Whether the full subtree at (<paramref name="level"/>, <paramref name="index"/>) exists.</summary>
    internal bool Contains(int level, long index) => level >= 0 && level < _levels.Count && index >= 0 && index < _levels[level].Count;

    /// <summary>A node's hash in place, without a copy (verification compares millions of them).</summary>
    internal ReadOnlySpan<byte> NodeSpan(int level, long index)
    {
        if (!Contains(level, index))
            throw new KeyNotFoundException($"no full subtree at level {level}, index {index}");
        return _levels[level].Get(index);
    }

    private void Store(int level, long index, byte[] hash)
    {
        while (_levels.Count <= level)
            _levels.Add(new LevelBuffer());
        _levels[level].Add(hash);
    }

    /// <summary>One level's hashes packed back to back, so a million leaves cost one array rather than a million objects.</summary>
    private sealed class LevelBuffer
    {
        private byte[] _bytes = new byte[Rfc6962.HashSize * 16];

        public long Count { get; private set; }

        public void Add(byte[] hash)
        {
            if ((Count + 1) * Rfc6962.HashSize > _bytes.Length)
                Array.Resize(ref _bytes, _bytes.Length * 2);
            hash.CopyTo(_bytes, Count * Rfc6962.HashSize);
            Count++;
        }

        public ReadOnlySpan<byte> Get(long index) => _bytes.AsSpan(checked((int)(index * Rfc6962.HashSize)), Rfc6962.HashSize);
    }
}
