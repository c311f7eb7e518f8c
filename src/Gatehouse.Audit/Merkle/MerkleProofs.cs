namespace Gatehouse.Audit.Merkle;

/// <summary>
/// Roots, inclusion proofs and consistency proofs (RFC 6962 §2.1.1–2.1.2 / RFC 9162 §2.1.3–2.1.4) assembled from
/// stored full-subtree nodes. Each needs O(log n) node reads: perfect subtrees are one read, and the single
/// imperfect right edge met on the way down is folded from its own O(log n) perfect pieces.
/// </summary>
public static class MerkleProofs
{
    /// <summary>The root of the tree of the first <paramref name="size"/> leaves.</summary>
    public static byte[] Root(IMerkleNodeSource nodes, long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        return size == 0 ? Rfc6962.EmptyRoot() : SubtreeHash(nodes, 0, size);
    }

    /// <summary>The audit path for leaf <paramref name="index"/> in the tree of <paramref name="size"/> leaves, leaf side first.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is not inside the tree.</exception>
    public static List<byte[]> InclusionProof(IMerkleNodeSource nodes, long index, long size)
    {
        if (index < 0 || index >= size)
            throw new ArgumentOutOfRangeException(nameof(index), $"leaf index {index} is outside a tree of size {size}");
        var proof = new List<byte[]>();
        AddInclusionPath(nodes, index, 0, size, proof);
        return proof;
    }

    /// <summary>The proof that the tree of <paramref name="size1"/> leaves is a prefix of the tree of <paramref name="size2"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not 0 &lt; size1 ≤ size2 (a proof from the empty tree is meaningless).</exception>
    public static List<byte[]> ConsistencyProof(IMerkleNodeSource nodes, long size1, long size2)
    {
        if (size1 <= 0 || size1 > size2)
            throw new ArgumentOutOfRangeException(nameof(size1), $"no consistency proof from size {size1} to size {size2}");
        var proof = new List<byte[]>();
        if (size1 < size2)
            AddSubproof(nodes, size1, 0, size2, startsAtOldRoot: true, proof);
        return proof;
    }

    /// <summary>MTH(D[start : start+size]) for a subtree met in RFC 6962's recursion.</summary>
    internal static byte[] SubtreeHash(IMerkleNodeSource nodes, long start, long size)
    {
        if (MerkleMath.IsPowerOfTwo(size) && start % size == 0)
            return nodes.GetNode(MerkleMath.Log2(size), start / size);
        var k = MerkleMath.SplitPoint(size);
        return Rfc6962.NodeHash(SubtreeHash(nodes, start, k), SubtreeHash(nodes, start + k, size - k));
    }

    private static void AddInclusionPath(IMerkleNodeSource nodes, long index, long start, long size, List<byte[]> proof)
    {
        if (size == 1)
            return;
        var k = MerkleMath.SplitPoint(size);
        if (index < k)
        {
            AddInclusionPath(nodes, index, start, k, proof);
            proof.Add(SubtreeHash(nodes, start + k, size - k));
        }
        else
        {
            AddInclusionPath(nodes, index - k, start + k, size - k, proof);
            proof.Add(SubtreeHash(nodes, start, k));
        }
    }

    private static void AddSubproof(IMerkleNodeSource nodes, long m, long start, long size, bool startsAtOldRoot, List<byte[]> proof)
    {
        if (m == size)
        {
            if (!startsAtOldRoot)
                proof.Add(SubtreeHash(nodes, start, size));
            return;
        }
        var k = MerkleMath.SplitPoint(size);
        if (m <= k)
        {
            AddSubproof(nodes, m, start, k, startsAtOldRoot, proof);
            proof.Add(SubtreeHash(nodes, start + k, size - k));
        }
        else
        {
            AddSubproof(nodes, m - k, start + k, size - k, startsAtOldRoot: false, proof);
            proof.Add(SubtreeHash(nodes, start, k));
        }
    }
}
