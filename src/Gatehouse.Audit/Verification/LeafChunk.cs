using System.Text.Json;
using Gatehouse.Audit.Merkle;
using Gatehouse.Audit.Records;
using Gatehouse.Audit.Storage;

namespace Gatehouse.Audit.Verification;

/// <summary>
/// A run of consecutive stored records with everything verification derives from each one alone: its leaf hash, the
/// index it claims, and the ciphertext hash it commits to. That work is independent per record, so it runs in
/// parallel across cores while the store reads the next run; only the tree reduction stays sequential.
/// </summary>
internal sealed class LeafChunk
{
    /// <summary>How many records one chunk holds: large enough to amortize scheduling, small enough to stay in cache.</summary>
    public const int Capacity = 4096;

    private LeafChunk(List<StoredRecord> records)
    {
        Records = records;
        LeafHashes = new byte[records.Count][];
        EmbeddedIndices = new long[records.Count];
        Errors = new string?[records.Count];
        PayloadHashes = new string?[records.Count];
    }

    public List<StoredRecord> Records { get; }

    public byte[][] LeafHashes { get; }

    /// <summary>The index each leaf claims for itself (meaningless where <see cref="Errors"/> is set).</summary>
    public long[] EmbeddedIndices { get; }

    /// <summary>Why a leaf is not a valid leaf, or null.</summary>
    public string?[] Errors { get; }

    /// <summary>The hex SHA-256 of the ciphertext a leaf commits to, or null when it retains no payload.</summary>
    public string?[] PayloadHashes { get; }

    /// <summary>
    /// Streams <paramref name="records"/> in chunks, each fully derived. Only the calling thread touches the store
    /// (a connection is not thread-safe); worker threads only hash and parse bytes already read.
    /// </summary>
    public static IEnumerable<LeafChunk> Derive(IEnumerable<StoredRecord> records)
    {
        Task<LeafChunk>? inFlight = null;
        var batch = new List<StoredRecord>(Capacity);
        foreach (var record in records)
        {
            batch.Add(record);
            if (batch.Count < Capacity)
                continue;
            var started = Start(batch);
            batch = new List<StoredRecord>(Capacity);
            if (inFlight is not null)
                yield return inFlight.GetAwaiter().GetResult();
            inFlight = started;
        }
        if (inFlight is not null)
            yield return inFlight.GetAwaiter().GetResult();
        if (batch.Count > 0)
            yield return Start(batch).GetAwaiter().GetResult();
    }

    private static Task<LeafChunk> Start(List<StoredRecord> records) => Task.Run(() =>
    {
        var chunk = new LeafChunk(records);
        Parallel.For(0, records.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, chunk.Derive);
        return chunk;
    });

    private void Derive(int i)
    {
        var leaf = Records[i].Leaf;
        LeafHashes[i] = Rfc6962.LeafHash(leaf);
        try
        {
            EmbeddedIndices[i] = LeafCodec.ReadIndex(leaf);
            if (leaf.AsSpan().IndexOf("\"payload\":"u8) >= 0 && LeafCodec.Decode(leaf).Payload is { } payload)
                PayloadHashes[i] = payload.CiphertextSha256;
        }
        catch (JsonException e)
        {
            Errors[i] = e.Message;
        }
    }
}
