using Gatehouse.Audit.Merkle;

namespace Gatehouse.Audit.Tests.Merkle;

/// <summary>
/// The rgdd/CCTV Merkle set, an independent generator. It treats consistency from the empty tree as valid; we follow
/// transparency-dev/merkle (an error) and pin that documented difference in its own test.
/// </summary>
public class CctvVectorTests
{
    [Fact]
    public void Tree_heads_for_sizes_1_to_16_match()
    {
        var tree = new MemoryMerkleTree();
        var heads = TlogVectors.Cctv("merkle_tree.json").EnumerateArray().ToList();
        Assert.Equal(16, heads.Count);
        foreach (var head in heads)
        {
            var data = System.Text.Encoding.UTF8.GetBytes(head.GetProperty("leaf_data").GetString()!);
            Assert.Equal(TlogVectors.B64(head.GetProperty("leaf_hash")), Rfc6962.LeafHash(data));
            tree.AppendData(data);
            Assert.Equal(TlogVectors.B64(head.GetProperty("root_hash")), tree.Root());
        }
    }

    [Theory]
    [InlineData("inclusion-valid.json", true)]
    [InlineData("inclusion-invalid.json", false)]
    public void Inclusion_vectors(string file, bool valid)
    {
        var vectors = TlogVectors.Cctv(file).EnumerateArray().ToList();
        Assert.Equal(4, vectors.Count);
        foreach (var v in vectors)
        {
            void Check() => MerkleVerifier.VerifyInclusion(v.GetProperty("leaf_index").GetInt64(), v.GetProperty("tree_size").GetInt64(),
                TlogVectors.B64(v.GetProperty("leaf_hash")), TlogVectors.Hashes(v.GetProperty("inclusion_path")), TlogVectors.B64(v.GetProperty("root_hash")));
            if (valid)
                Check();
            else
                Assert.Throws<MerkleProofException>(Check);
        }
    }

    [Theory]
    [InlineData("consistency-valid.json", true)]
    [InlineData("consistency-invalid.json", false)]
    public void Consistency_vectors_except_from_the_empty_tree(string file, bool valid)
    {
        var vectors = TlogVectors.Cctv(file).EnumerateArray().Where(v => v.GetProperty("old_size").GetInt64() != 0 || !valid).ToList();
        Assert.Equal(valid ? 2 : 16, vectors.Count);
        foreach (var v in vectors)
        {
            void Check() => Consistency(v);
            if (valid)
                Check();
            else
                Assert.Throws<MerkleProofException>(Check);
        }
    }

    [Fact]
    public void Known_difference_consistency_from_the_empty_tree_is_an_error_here_though_CCTV_calls_it_valid()
    {
        var fromEmpty = TlogVectors.Cctv("consistency-valid.json").EnumerateArray().Where(v => v.GetProperty("old_size").GetInt64() == 0).ToList();
        Assert.Equal(2, fromEmpty.Count); // 0 -> 0 and 0 -> 1
        foreach (var v in fromEmpty)
        {
            var error = Assert.Throws<MerkleProofException>(() => Consistency(v));
            Assert.Contains("empty tree", error.Message);
        }
    }

    private static void Consistency(System.Text.Json.JsonElement v) => MerkleVerifier.VerifyConsistency(
        v.GetProperty("old_size").GetInt64(), v.GetProperty("new_size").GetInt64(), TlogVectors.Hashes(v.GetProperty("consistency_path")),
        TlogVectors.B64(v.GetProperty("old_root")), TlogVectors.B64(v.GetProperty("new_root")));
}
