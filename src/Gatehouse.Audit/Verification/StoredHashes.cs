using Gatehouse.Audit.Merkle;
using Gatehouse.Audit.Storage;

namespace Gatehouse.Audit.Verification;

/// <summary>
/// Stored node hashes of one tree level, packed back to back with their indices, in the order the store gave them.
/// Reused from batch to batch; a stored hash that is not 32 bytes long is kept as malformed so it never matches.
/// </summary>
internal sealed class StoredHashes : INodeSink
{
    private long[] _indices = new long[64];
    private byte[] _hashes = new byte[64 * Rfc6962.HashSize];
    private bool[] _malformed = new bool[64];

    /// <summary>How many nodes are held.</summary>
    public int Count { get; private set; }

    /// <summary>The index of the <paramref name="i"/>-th node.</summary>
    public long Index(int i) => _indices[i];

    /// <summary>Whether the <paramref name="i"/>-th stored node is <paramref name="hash"/>.</summary>
    public bool Matches(int i, ReadOnlySpan<byte> hash) => !_malformed[i] && _hashes.AsSpan(i * Rfc6962.HashSize, Rfc6962.HashSize).SequenceEqual(hash);

    /// <inheritdoc />
    public void AddNode(long index, ReadOnlySpan<byte> hash)
    {
        if (Count == _indices.Length)
        {
            Array.Resize(ref _indices, Count * 2);
            Array.Resize(ref _hashes, Count * 2 * Rfc6962.HashSize);
            Array.Resize(ref _malformed, Count * 2);
        }
        _indices[Count] = index;
        _malformed[Count] = hash.Length != Rfc6962.HashSize;
        if (!_malformed[Count])
            hash.CopyTo(_hashes.AsSpan(Count * Rfc6962.HashSize));
        Count++;
    }

    /// <summary>Empties the list for reuse.</summary>
    public void Clear() => Count = 0;
}
