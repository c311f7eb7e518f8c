using System.Text.Json;
using Gatehouse.Audit.Checkpoints;
using Gatehouse.Audit.Merkle;
using Gatehouse.Audit.Payloads;
using Gatehouse.Audit.Records;
using Gatehouse.Audit.Storage;

namespace Gatehouse.Audit.Verification;

/// <summary>
/// Recomputes the tree from the stored records and checks it three ways: against the stored tree hashes (which
/// names the exact index of an edited, deleted, moved or inserted record), against every stored signed checkpoint
/// (which catches a rewrite that also recomputed the stored hashes, by range), and optionally against a witness
/// checkpoint kept elsewhere (which catches a rewrite of the checkpoints table too).
/// </summary>
internal sealed class AuditVerifier(IAuditStore store, NoteVerifierKey logKey, string origin)
{
    private const int MaxListedProblems = 1000;

    public AuditVerificationReport Verify(string? witnessCheckpoint = null)
    {
        var problems = new ProblemList(MaxListedProblems);
        var tree = new MemoryMerkleTree();
        var payloadHashes = new Dictionary<long, string>();
        var treeSize = CheckRecords(tree, problems, payloadHashes);
        CheckInteriorNodes(tree, problems);
        CheckPayloads(payloadHashes, problems);
        var (verified, latest) = CheckStoredCheckpoints(tree, problems);
        var witnessOk = witnessCheckpoint is not null && CheckWitness(witnessCheckpoint, tree, problems);
        return new AuditVerificationReport(tree.Size, treeSize, verified, latest, witnessOk, problems.Listed, problems.Count);
    }

    /// <summary>Walks records and stored leaf hashes side by side, in index order.</summary>
    private long CheckRecords(MemoryMerkleTree tree, ProblemList problems, Dictionary<long, string> payloadHashes)
    {
        using var leaves = store.Nodes(0).GetEnumerator();
        var haveLeaf = leaves.MoveNext();
        long storedLeaves = 0;
        long expected = 0;
        foreach (var record in store.Records())
        {
            for (; expected < record.Index; expected++)
            {
                problems.Add(AuditProblemKind.RecordDeleted, expected, $"record {expected} is missing");
                tree.AppendLeafHash(new byte[Rfc6962.HashSize]); // keep later positions aligned with their indices
            }
            var leafHash = Rfc6962.LeafHash(record.Leaf);
            tree.AppendLeafHash(leafHash);
            expected = record.Index + 1;
            CheckEmbeddedIndex(record, problems, payloadHashes);

            while (haveLeaf && leaves.Current.Index < record.Index)
            {
                storedLeaves++;
                haveLeaf = leaves.MoveNext();
            }
            if (haveLeaf && leaves.Current.Index == record.Index)
            {
                if (!leaves.Current.Hash.AsSpan().SequenceEqual(leafHash))
                    problems.Add(AuditProblemKind.RecordModified, record.Index, $"record {record.Index} does not hash to the leaf the log stored for it: its content was changed");
                storedLeaves++;
                haveLeaf = leaves.MoveNext();
            }
            else
            {
                problems.Add(AuditProblemKind.RecordInserted, record.Index, $"record {record.Index} is not in the log's tree: inserted");
            }
        }
        for (; haveLeaf; haveLeaf = leaves.MoveNext())
        {
            storedLeaves++;
            if (leaves.Current.Index >= expected)
                problems.Add(AuditProblemKind.RecordDeleted, leaves.Current.Index, $"record {leaves.Current.Index} is in the tree but its row is gone: deleted");
        }
        return storedLeaves;
    }

    private static void CheckEmbeddedIndex(StoredRecord record, ProblemList problems, Dictionary<long, string> payloadHashes)
    {
        try
        {
            var embedded = LeafCodec.ReadIndex(record.Leaf);
            if (embedded != record.Index)
                problems.Add(AuditProblemKind.RecordMoved, record.Index, $"position {record.Index} holds the record written as index {embedded}: reordered or inserted");
            if (record.Leaf.AsSpan().IndexOf("\"payload\":"u8) >= 0 && LeafCodec.Decode(record.Leaf).Payload is { } payload)
                payloadHashes[record.Index] = payload.CiphertextSha256;
        }
        catch (JsonException e)
        {
            problems.Add(AuditProblemKind.RecordCorrupt, record.Index, $"record {record.Index} is not a valid leaf ({e.Message})");
        }
    }

    /// <summary>Compares every stored interior hash with the recomputed one.</summary>
    private void CheckInteriorNodes(MemoryMerkleTree tree, ProblemList problems)
    {
        for (var level = 1; level <= store.MaxLevel(); level++)
        {
            foreach (var node in store.Nodes(level))
            {
                byte[] recomputed;
                try
                {
                    recomputed = tree.GetNode(level, node.Index);
                }
                catch (KeyNotFoundException)
                {
                    problems.Add(AuditProblemKind.TreeNodeMismatch, node.Index << level, $"stored tree node (level {level}, index {node.Index}) covers records that no longer exist");
                    continue;
                }
                if (!recomputed.AsSpan().SequenceEqual(node.Hash))
                {
                    var first = node.Index << level;
                    problems.Add(AuditProblemKind.TreeNodeMismatch, first, $"stored tree node (level {level}, index {node.Index}) over records [{first}, {first + (1L << level)}) differs from the records");
                }
            }
        }
    }

    private void CheckPayloads(Dictionary<long, string> committed, ProblemList problems)
    {
        foreach (var (index, blob) in store.Payloads())
        {
            if (!committed.TryGetValue(index, out var hash))
                problems.Add(AuditProblemKind.PayloadModified, index, $"payload of record {index} is stored but its record commits to none");
            else if (PayloadCipher.Hash(blob) != hash)
                problems.Add(AuditProblemKind.PayloadModified, index, $"payload of record {index} differs from the ciphertext its record commits to");
        }
    }

    private (int Verified, long Latest) CheckStoredCheckpoints(MemoryMerkleTree tree, ProblemList problems)
    {
        var verified = 0;
        long latest = -1;
        long lastGood = 0;
        foreach (var stored in store.Checkpoints())
        {
            Checkpoint checkpoint;
            try
            {
                checkpoint = Checkpoint.Open(stored.Note, logKey, origin);
            }
            catch (NoteFormatException e)
            {
                problems.Add(AuditProblemKind.CheckpointInvalid, null, $"stored checkpoint for size {stored.Size} does not verify: {e.Message}");
                continue;
            }
            if (checkpoint.Size != stored.Size)
            {
                problems.Add(AuditProblemKind.CheckpointInvalid, null, $"stored checkpoint row for size {stored.Size} holds a checkpoint of size {checkpoint.Size}");
                continue;
            }
            if (!CheckRoot(checkpoint, tree, problems, AuditProblemKind.CheckpointRootMismatch, $"signed checkpoint of size {checkpoint.Size}", lastGood))
                continue;
            verified++;
            latest = checkpoint.Size;
            lastGood = checkpoint.Size;
        }
        return (verified, latest);
    }

    private bool CheckWitness(string note, MemoryMerkleTree tree, ProblemList problems)
    {
        Checkpoint witness;
        try
        {
            witness = Checkpoint.Open(note, logKey, origin);
        }
        catch (NoteFormatException e)
        {
            problems.Add(AuditProblemKind.WitnessMismatch, null, $"witness checkpoint is not this log's: {e.Message}");
            return false;
        }
        return CheckRoot(witness, tree, problems, AuditProblemKind.WitnessMismatch, $"witness checkpoint of size {witness.Size}", 0);
    }

    private static bool CheckRoot(Checkpoint checkpoint, MemoryMerkleTree tree, ProblemList problems, AuditProblemKind kind, string what, long knownGoodSize)
    {
        if (checkpoint.Size > tree.Size)
        {
            problems.Add(AuditProblemKind.LogTruncated, tree.Size, $"{what} covers {checkpoint.Size} records but the log holds {tree.Size}: records [{tree.Size}, {checkpoint.Size}) were removed");
            return false;
        }
        if (!tree.Root(checkpoint.Size).AsSpan().SequenceEqual(checkpoint.RootHash))
        {
            problems.Add(kind, knownGoodSize, $"{what} does not match the records: something in records [{knownGoodSize}, {checkpoint.Size}) was altered");
            return false;
        }
        return true;
    }

    /// <summary>Counts every problem but keeps only the first few in memory, so a wrecked log still reports quickly.</summary>
    private sealed class ProblemList(int cap)
    {
        public List<AuditProblem> Listed { get; } = [];

        public int Count { get; private set; }

        public void Add(AuditProblemKind kind, long? index, string message)
        {
            Count++;
            if (Listed.Count < cap)
                Listed.Add(new AuditProblem(kind, index, message));
        }
    }
}
