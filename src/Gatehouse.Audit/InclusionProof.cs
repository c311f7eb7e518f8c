namespace Gatehouse.Audit;

/// <summary>
/// Everything an outside party needs to check that a record is in the log: the leaf bytes (hash them with the RFC 6962
/// leaf prefix), its index, the audit path, and the signed checkpoint the path leads to.
/// </summary>
/// <param name="Index">The leaf index.</param>
/// <param name="TreeSize">The size of the checkpointed tree the proof is for.</param>
/// <param name="Leaf">The canonical leaf bytes, base64.</param>
/// <param name="LeafHash">SHA-256(0x00 || leaf), base64.</param>
/// <param name="Proof">The audit path, leaf side first, base64 hashes.</param>
/// <param name="Checkpoint">The signed checkpoint (C2SP tlog-checkpoint note) whose root the path reaches.</param>
public sealed record InclusionProof(long Index, long TreeSize, string Leaf, string LeafHash, IReadOnlyList<string> Proof, string Checkpoint);
