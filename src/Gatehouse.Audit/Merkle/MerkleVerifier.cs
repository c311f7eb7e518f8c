namespace Gatehouse.Audit.Merkle;

/// <summary>
/// Checks inclusion and consistency proofs with the RFC 9162 §2.1.3.2 and §2.1.4.2 algorithms. Follows the
/// transparency-dev/merkle policy: a consistency proof from the empty tree is an error (nothing to be consistent with),
/// and equal sizes need an empty proof and byte-equal roots.
/// </summary>
public static class MerkleVerifier
{
    /// <summary>Verifies that <paramref name="leafHash"/> sits at <paramref name="index"/> in the tree with <paramref name="root"/>.</summary>
    /// <exception cref="MerkleProofException">The proof is malformed or does not lead to the root.</exception>
    public static void VerifyInclusion(long index, long size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root)
    {
        if (index < 0 || index >= size)
            throw new MerkleProofException($"leaf index {index} is outside a tree of size {size}");
        RequireHashLength(leafHash, "leaf hash");
        RequireHashLength(root, "root");
        var computed = RootFromInclusionProof(index, size, leafHash.ToArray(), proof);
        if (!computed.AsSpan().SequenceEqual(root))
            throw new MerkleProofException($"inclusion proof for leaf {index} leads to a different root than the tree of size {size}");
    }

    /// <summary>Verifies that the tree of <paramref name="size1"/> leaves is a prefix of the tree of <paramref name="size2"/> leaves.</summary>
    /// <exception cref="MerkleProofException">The proof is malformed or the trees are not consistent.</exception>
    public static void VerifyConsistency(long size1, long size2, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root1, ReadOnlySpan<byte> root2)
    {
        if (size1 < 0 || size2 < size1)
            throw new MerkleProofException($"size {size2} cannot extend size {size1}");
        if (size1 == 0)
            throw new MerkleProofException("a consistency proof from the empty tree is meaningless");
        if (size1 == size2)
        {
            if (proof.Count != 0)
                throw new MerkleProofException("equal tree sizes need an empty consistency proof");
            if (!root1.SequenceEqual(root2))
                throw new MerkleProofException($"two different roots for the same tree size {size1}");
            return;
        }
        if (proof.Count == 0)
            throw new MerkleProofException("empty consistency proof for different tree sizes");
        RequireHashLength(root1, "first root");
        RequireHashLength(root2, "second root");
        foreach (var node in proof)
            RequireHashLength(node, "proof node");

        // A power-of-two old tree is itself a node of the new one, so its root opens the path implicitly.
        var path = new List<byte[]>(proof.Count + 1);
        if (MerkleMath.IsPowerOfTwo(size1))
            path.Add(root1.ToArray());
        path.AddRange(proof);

        var fn = size1 - 1;
        var sn = size2 - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }
        var fr = path[0];
        var sr = path[0];
        for (var i = 1; i < path.Count; i++)
        {
            if (sn == 0)
                throw new MerkleProofException("consistency proof is longer than the tree is deep");
            var c = path[i];
            if ((fn & 1) == 1 || fn == sn)
            {
                fr = Rfc6962.NodeHash(c, fr);
                sr = Rfc6962.NodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                sr = Rfc6962.NodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0)
            throw new MerkleProofException("consistency proof is shorter than the tree is deep");
        if (!fr.AsSpan().SequenceEqual(root1))
            throw new MerkleProofException($"consistency proof does not reproduce the root of size {size1}");
        if (!sr.AsSpan().SequenceEqual(root2))
            throw new MerkleProofException($"consistency proof does not reproduce the root of size {size2}");
    }

    /// <summary>The root an inclusion proof implies for <paramref name="leafHash"/> at <paramref name="index"/>.</summary>
    public static byte[] RootFromInclusionProof(long index, long size, byte[] leafHash, IReadOnlyList<byte[]> proof)
    {
        if (index < 0 || index >= size)
            throw new MerkleProofException($"leaf index {index} is outside a tree of size {size}");
        var fn = index;
        var sn = size - 1;
        var r = leafHash;
        foreach (var p in proof)
        {
            RequireHashLength(p, "proof node");
            if (sn == 0)
                throw new MerkleProofException("inclusion proof is longer than the tree is deep");
            if ((fn & 1) == 1 || fn == sn)
            {
                r = Rfc6962.NodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                r = Rfc6962.NodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0)
            throw new MerkleProofException("inclusion proof is shorter than the tree is deep");
        return r;
    }

    private static void RequireHashLength(ReadOnlySpan<byte> hash, string what)
    {
        if (hash.Length != Rfc6962.HashSize)
            throw new MerkleProofException($"{what} is {hash.Length} bytes, expected {Rfc6962.HashSize}");
    }
}
