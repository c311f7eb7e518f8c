namespace Gatehouse.Audit.Merkle;

/// <summary>A Merkle inclusion or consistency proof is malformed or does not lead to the claimed root.</summary>
public sealed class MerkleProofException(string message) : Exception(message);
