using Gatehouse.Audit.Merkle;

namespace Gatehouse.Audit.Tests.Merkle;

/// <summary>Generated proofs verify for every index and size pair of small trees, and the compact range agrees with the full tree.</summary>
public class ProofRoundTripTests
{
    [Fact]
    public void Every_inclusion_and_consistency_proof_up_to_40_leaves_verifies()
    {
        var tree = new MemoryMerkleTree();
        for (var i = 0; i < 40; i++)
            tree.AppendData(BitConverter.GetBytes(i));
        for (long size = 1; size <= 40; size++)
        {
            var root = tree.Root(size);
            for (long index = 0; index < size; index++)
                MerkleVerifier.VerifyInclusion(index, size, tree.GetNode(0, index), MerkleProofs.InclusionProof(tree, index, size), root);
            for (long older = 1; older <= size; older++)
                MerkleVerifier.VerifyConsistency(older, size, MerkleProofs.ConsistencyProof(tree, older, size), tree.Root(older), root);
        }
    }

    [Fact]
    public void A_proof_for_the_wrong_leaf_or_an_index_beyond_the_tree_fails()
    {
        var tree = new MemoryMerkleTree();
        for (var i = 0; i < 13; i++)
            tree.AppendData(BitConverter.GetBytes(i));
        var proof = MerkleProofs.InclusionProof(tree, 5, 13);
        Assert.Throws<MerkleProofException>(() => MerkleVerifier.VerifyInclusion(5, 13, tree.GetNode(0, 6), proof, tree.Root()));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleProofs.InclusionProof(tree, 13, 13));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleProofs.ConsistencyProof(tree, 0, 13));
    }

    [Fact]
    public void Frontier_reloaded_from_stored_nodes_continues_the_same_tree()
    {
        var tree = new MemoryMerkleTree();
        for (var i = 0; i < 21; i++)
            tree.AppendData(BitConverter.GetBytes(i));
        var frontier = MerkleFrontier.Load(tree, 21);
        Assert.Equal(tree.Root(), frontier.Root());
        var leaf = Rfc6962.LeafHash(BitConverter.GetBytes(21));
        frontier.Append(leaf);
        tree.AppendLeafHash(leaf);
        Assert.Equal(tree.Root(), frontier.Root());
        Assert.Equal(tree.Root(), tree.Root(22));
    }
}
