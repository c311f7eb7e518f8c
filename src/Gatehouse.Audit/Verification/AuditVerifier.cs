using Gatehouse.Audit.Checkpoints;
using Gatehouse.Audit.Merkle;
using Gatehouse.Audit.Payloads;
using Gatehouse.Audit.Storage;

namespace Gatehouse.Audit.Verification;

/// <summary>
/// Recomputes the tree from the stored records and checks it three ways: against the stored tree hashes (which
/// names the exact index of an edited, deleted, moved or inserted record), against every stored signed checkpoint
/// (which catches a rewrite that also recomputed the stored hashes, by range), and optionally against a witness
/// checkpoint kept elsewhere (which catches a rewrite of the checkpoints table too).
/// </summary>
/// <remarks>
/// One streaming pass: records and each level's stored hashes are read in index order by
/// <see cref="LeafBatchPipeline"/> (leaves hashed on every core), and the tree is folded in a
/// <see cref="CompactHashStack"/> that compares each interior node with the stored one the moment it completes and
/// each checkpoint's root the moment the tree reaches its size. Nothing is skipped, and memory does not grow with
/// the log.
/// </remarks>
internal sealed class AuditVerifier(IAuditStore store, NoteVerifierKey logKey, string origin) : ICompletedNodeListener
{
    /// <summary>Records per batch: large enough that hand-offs between threads cost nothing per record.</summary>
    public const int DefaultBatchSize = 4096;

    private const int MaxListedProblems = 1000;
    private static readonly byte[] Padding = new byte[Rfc6962.HashSize];

    private readonly ProblemList _recordProblems = new(MaxListedProblems);
    private readonly ProblemList _nodeProblems = new(MaxListedProblems);
    private readonly CompactHashStack _tree = new();
    private readonly Dictionary<long, string> _payloadHashes = [];
    private RootSchedule _roots = null!;
    private LeafBatch? _batch;
    private int[] _nodeCursor = [];
    private long _storedTreeSize;

    /// <summary>Verifies the whole log; <paramref name="batchSize"/> is for tests that exercise batch boundaries.</summary>
    public AuditVerificationReport Verify(string? witnessCheckpoint = null, int batchSize = DefaultBatchSize)
    {
        _roots = new RootSchedule(store.Checkpoints(), witnessCheckpoint, logKey, origin);
        _roots.ReachedSize(_tree);
        long storedLeaves;
        using (var scan = store.OpenVerificationScan())
        using (var pipeline = new LeafBatchPipeline(scan, batchSize))
        {
            _nodeCursor = new int[scan.MaxLevel + 1];
            _storedTreeSize = scan.StoredTreeSize;
            storedLeaves = FoldRecords(pipeline);
        }
        _roots.Finish(_tree.Size);
        var payloadProblems = new ProblemList(MaxListedProblems);
        CheckPayloads(payloadProblems);
        var problems = ProblemList.Concat(MaxListedProblems, _recordProblems, _nodeProblems, payloadProblems, _roots.Problems, _roots.WitnessProblems);
        return new AuditVerificationReport(_tree.Size, storedLeaves, _roots.Verified, _roots.Latest, _roots.WitnessOk, problems.Listed, problems.Count);
    }

    /// <summary>Walks records and stored leaf hashes side by side, in index order, folding each into the tree.</summary>
    private long FoldRecords(LeafBatchPipeline pipeline)
    {
        long storedLeaves = 0;
        long expected = 0;
        foreach (var batch in pipeline.Batches())
        {
            _batch = batch;
            Array.Clear(_nodeCursor);
            var leaves = batch.Stored.Length > 0 ? batch.Stored[0] : null;
            var leaf = 0;
            var notes = 0;
            for (var i = 0; i < batch.Count; i++)
            {
                var index = batch.Index(i);
                for (; expected < index; expected++)
                {
                    _recordProblems.Add(AuditProblemKind.RecordDeleted, expected, $"record {expected} is missing");
                    AppendLeaf(Padding); // keep later positions aligned with their indices
                }
                AppendLeaf(batch.LeafHash(i));
                expected = index + 1;
                CheckEmbeddedIndex(batch, i, index, ref notes);

                for (; leaves is not null && leaf < leaves.Count && leaves.Index(leaf) < index; leaf++)
                    storedLeaves++;
                if (leaves is not null && leaf < leaves.Count && leaves.Index(leaf) == index)
                {
                    if (!leaves.Matches(leaf, batch.LeafHash(i)))
                        _recordProblems.Add(AuditProblemKind.RecordModified, index, $"record {index} does not hash to the leaf the log stored for it: its content was changed");
                    storedLeaves++;
                    leaf++;
                }
                else
                {
                    _recordProblems.Add(AuditProblemKind.RecordInserted, index, $"record {index} is not in the log's tree: inserted");
                }
            }
            for (; leaves is not null && leaf < leaves.Count; leaf++)
            {
                // Only the final batch holds stored leaves beyond its records: rows deleted from the end of the log.
                storedLeaves++;
                if (leaves.Index(leaf) >= expected)
                    _recordProblems.Add(AuditProblemKind.RecordDeleted, leaves.Index(leaf), $"record {leaves.Index(leaf)} is in the tree but its row is gone: deleted");
            }
            if (batch.IsFinal)
                ReportUnreachedNodes(batch);
        }
        _batch = null;
        return storedLeaves;
    }

    private void AppendLeaf(ReadOnlySpan<byte> leafHash)
    {
        _tree.Append(leafHash, this);
        _roots.ReachedSize(_tree);
    }

    /// <summary>
    /// Compares an interior node the rebuilt tree just completed with the stored one, which the same batch carries. A
    /// node inside the stored tree's range must be stored (the writer stores every node it completes, in the same
    /// transaction as the leaf), so a missing row is damage too: proofs through it would fail.
    /// </summary>
    public void NodeCompleted(int level, long index, ReadOnlySpan<byte> hash)
    {
        var first = index << level;
        var end = first + (1L << level);
        if (level < _nodeCursor.Length)
        {
            var stored = _batch!.Stored[level];
            ref var cursor = ref _nodeCursor[level];
            while (cursor < stored.Count && stored.Index(cursor) < index)
                cursor++;
            if (cursor < stored.Count && stored.Index(cursor) == index)
            {
                if (!stored.Matches(cursor, hash))
                    _nodeProblems.Add(AuditProblemKind.TreeNodeMismatch, first, $"stored tree node (level {level}, index {index}) over records [{first}, {end}) differs from the records");
                cursor++;
                return;
            }
        }
        if (end <= _storedTreeSize)
            _nodeProblems.Add(AuditProblemKind.TreeNodeMismatch, first, $"stored tree node (level {level}, index {index}) over records [{first}, {end}) is missing from the stored tree");
    }

    /// <summary>
    /// Stored interior nodes whose records no longer exist. Every node the rebuilt tree completed went to the batch that
    /// completed it, so what the final (record-less) batch carries was never completed.
    /// </summary>
    private void ReportUnreachedNodes(LeafBatch final)
    {
        for (var level = 1; level < final.Stored.Length; level++)
        {
            var stored = final.Stored[level];
            for (var i = _nodeCursor[level]; i < stored.Count; i++)
            {
                var index = stored.Index(i);
                _nodeProblems.Add(AuditProblemKind.TreeNodeMismatch, index << level, $"stored tree node (level {level}, index {index}) covers records that no longer exist");
            }
        }
    }

    private void CheckEmbeddedIndex(LeafBatch batch, int position, long index, ref int notes)
    {
        var embedded = batch.EmbeddedIndex(position);
        if (embedded != LeafBatch.NoEmbeddedIndex && embedded != index)
            _recordProblems.Add(AuditProblemKind.RecordMoved, index, $"position {index} holds the record written as index {embedded}: reordered or inserted");
        for (; notes < batch.Notes.Count && batch.Notes[notes].Position == position; notes++)
        {
            var note = batch.Notes[notes];
            if (note.PayloadHash is not null)
                _payloadHashes[index] = note.PayloadHash;
            if (note.Corrupt is not null)
                _recordProblems.Add(AuditProblemKind.RecordCorrupt, index, note.Corrupt);
        }
    }

    private void CheckPayloads(ProblemList problems)
    {
        foreach (var (index, blob) in store.Payloads())
        {
            if (!_payloadHashes.TryGetValue(index, out var hash))
                problems.Add(AuditProblemKind.PayloadModified, index, $"payload of record {index} is stored but its record commits to none");
            else if (PayloadCipher.Hash(blob) != hash)
                problems.Add(AuditProblemKind.PayloadModified, index, $"payload of record {index} differs from the ciphertext its record commits to");
        }
    }
}
