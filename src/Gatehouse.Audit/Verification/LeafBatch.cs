using System.Security.Cryptography;
using System.Text.Json;
using Gatehouse.Audit.Merkle;
using Gatehouse.Audit.Records;
using Gatehouse.Audit.Storage;

namespace Gatehouse.Audit.Verification;

/// <summary>
/// A run of consecutive record rows and the stored tree nodes that the rebuilt tree completes while it takes them in,
/// copied out of the store into buffers that are reused batch after batch. Each leaf is stored behind one spare byte
/// so that its RFC 6962 leaf hash, <c>SHA-256(0x00 || leaf)</c>, is taken in place without another copy.
/// <see cref="Hash"/> does the per-record work that needs no ordering (leaf hash, embedded index, payload reference),
/// so several batches can be hashed on several cores while the verifier folds them into the tree in order.
/// </summary>
internal sealed class LeafBatch : IRecordSink
{
    /// <summary>Marks a record whose embedded index could not be read.</summary>
    public const long NoEmbeddedIndex = long.MinValue;

    /// <summary>Below this many records per thread, splitting a batch costs more than it saves.</summary>
    private const int MinRecordsPerThread = 512;

    private byte[] _data = new byte[1 << 20];
    private int _used;
    private readonly int[] _starts;
    private readonly int[] _lengths;
    private readonly long[] _indices;
    private readonly long[] _embedded;
    private readonly byte[] _hashes;

    /// <summary>Creates a batch holding up to <paramref name="capacity"/> records.</summary>
    public LeafBatch(int capacity, int levels)
    {
        _starts = new int[capacity];
        _lengths = new int[capacity];
        _indices = new long[capacity];
        _embedded = new long[capacity];
        _hashes = new byte[capacity * Rfc6962.HashSize];
        Stored = new StoredHashes[Math.Max(levels, 0)];
        for (var level = 0; level < Stored.Length; level++)
            Stored[level] = new StoredHashes();
    }

    /// <summary>How many records the batch holds.</summary>
    public int Count { get; private set; }

    /// <summary>True for the last batch of the pass, which also carries every stored node not claimed before.</summary>
    public bool IsFinal { get; set; }

    /// <summary>Stored nodes per level (index 0: stored leaf hashes) that belong to this batch.</summary>
    public StoredHashes[] Stored { get; }

    /// <summary>What <see cref="Hash"/> found out of the ordinary, by position: payload references and undecodable leaves.</summary>
    public List<LeafNote> Notes { get; } = [];

    /// <summary>The row index of the <paramref name="i"/>-th record.</summary>
    public long Index(int i) => _indices[i];

    /// <summary>The index written inside the <paramref name="i"/>-th leaf, or <see cref="NoEmbeddedIndex"/>.</summary>
    public long EmbeddedIndex(int i) => _embedded[i];

    /// <summary>The leaf hash of the <paramref name="i"/>-th record (after <see cref="Hash"/>).</summary>
    public ReadOnlySpan<byte> LeafHash(int i) => _hashes.AsSpan(i * Rfc6962.HashSize, Rfc6962.HashSize);

    /// <summary>The last record's index + 1, i.e. the tree size once this batch is folded in (0 when empty).</summary>
    public long End => Count == 0 ? 0 : _indices[Count - 1] + 1;

    /// <inheritdoc />
    public Span<byte> AddLeaf(long index, int length)
    {
        if (Count == _indices.Length)
            throw new InvalidOperationException("the batch is full");
        if (_used + 1 + length > _data.Length)
            Array.Resize(ref _data, Math.Max(_data.Length * 2, _used + 1 + length));
        _data[_used] = 0x00; // RFC 6962 leaf prefix
        _starts[Count] = _used;
        _lengths[Count] = length;
        _indices[Count] = index;
        _used += 1 + length;
        Count++;
        return _data.AsSpan(_used - length, length);
    }

    /// <summary>
    /// Hashes every leaf and reads its embedded index and payload reference, on <paramref name="threads"/> threads
    /// (the calling one included) when there are cores to spare.
    /// </summary>
    public void Hash(int threads)
    {
        if (threads <= 1 || Count < 2 * MinRecordsPerThread)
        {
            HashRange(0, Count, Notes);
            return;
        }
        var parts = Math.Min(threads, Count / MinRecordsPerThread);
        var notes = new List<LeafNote>[parts];
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = threads }, part =>
        {
            notes[part] = [];
            HashRange((int)((long)Count * part / parts), (int)((long)Count * (part + 1) / parts), notes[part]);
        });
        foreach (var part in notes)
            Notes.AddRange(part);
    }

    /// <summary>Empties the batch for reuse.</summary>
    public void Clear()
    {
        Count = 0;
        _used = 0;
        IsFinal = false;
        Notes.Clear();
        foreach (var level in Stored)
            level.Clear();
    }

    private void HashRange(int from, int to, List<LeafNote> notes)
    {
        for (var i = from; i < to; i++)
        {
            var prefixed = _data.AsSpan(_starts[i], 1 + _lengths[i]);
            SHA256.HashData(prefixed, _hashes.AsSpan(i * Rfc6962.HashSize, Rfc6962.HashSize));
            Inspect(i, prefixed[1..], notes);
        }
    }

    private void Inspect(int i, ReadOnlySpan<byte> leaf, List<LeafNote> notes)
    {
        _embedded[i] = NoEmbeddedIndex;
        try
        {
            _embedded[i] = LeafCodec.ReadIndex(leaf);
            // Only leaves that retained a payload mention one; the full decode is paid for those alone.
            if (leaf.IndexOf("\"payload\":"u8) >= 0 && LeafCodec.Decode(leaf).Payload is { } payload)
                notes.Add(new LeafNote(i, payload.CiphertextSha256, null));
        }
        catch (JsonException e)
        {
            notes.Add(new LeafNote(i, null, $"record {_indices[i]} is not a valid leaf ({e.Message})"));
        }
    }
}

/// <summary>Something about one leaf of a batch: the payload hash it commits to, or why it could not be decoded.</summary>
/// <param name="Position">The record's position in its batch.</param>
/// <param name="PayloadHash">The ciphertext hash the leaf commits to, if any.</param>
/// <param name="Corrupt">Why the leaf could not be decoded, if it could not.</param>
internal sealed record LeafNote(int Position, string? PayloadHash, string? Corrupt);
