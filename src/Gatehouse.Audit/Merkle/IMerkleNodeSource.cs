namespace Gatehouse.Audit.Merkle;

/// <summary>
/// Read access to the hashes of full (perfect) subtrees, addressed the tlog-tiles way: the node at
/// (<c>level</c>, <c>index</c>) covers leaves <c>[index·2^level, (index+1)·2^level)</c>. Level 0 holds leaf hashes.
/// Any root or proof for a tree of size n is assembled from O(log n) such nodes.
/// </summary>
public interface IMerkleNodeSource
{
    /// <summary>The hash of the full subtree at (<paramref name="level"/>, <paramref name="index"/>).</summary>
    /// <exception cref="KeyNotFoundException">The node has not been stored (its subtree is not yet complete).</exception>
    byte[] GetNode(int level, long index);
}
