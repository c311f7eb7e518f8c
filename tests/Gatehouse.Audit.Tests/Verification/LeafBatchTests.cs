using System.Text;
using Gatehouse.Audit.Merkle;
using Gatehouse.Audit.Records;
using Gatehouse.Audit.Tests.Log;
using Gatehouse.Audit.Verification;

namespace Gatehouse.Audit.Tests.Verification;

/// <summary>
/// A batch hashed on several threads (as on machines with cores to spare; this 2-core machine hashes on one) must
/// give exactly the leaf hashes, embedded indices and notes of a batch hashed on one.
/// </summary>
public class LeafBatchTests
{
    [Fact]
    public void Hashing_on_several_threads_matches_hashing_on_one()
    {
        var serial = Fill();
        var parallel = Fill();
        serial.Hash(1);
        parallel.Hash(4);

        Assert.Equal(serial.Count, parallel.Count);
        for (var i = 0; i < serial.Count; i++)
        {
            Assert.Equal(serial.LeafHash(i).ToArray(), parallel.LeafHash(i).ToArray());
            Assert.Equal(serial.EmbeddedIndex(i), parallel.EmbeddedIndex(i));
        }
        Assert.Equal(serial.Notes, parallel.Notes);
        Assert.Contains(serial.Notes, n => n.Position == 1000 && n.Corrupt is not null);
        Assert.Equal(LeafBatch.NoEmbeddedIndex, serial.EmbeddedIndex(1000));
        Assert.Equal(Rfc6962.LeafHash(LeafCodec.Encode(7, Sample.Interaction(7), null)), serial.LeafHash(7).ToArray());
    }

    private static LeafBatch Fill()
    {
        var batch = new LeafBatch(4096, levels: 1);
        for (var i = 0; i < 4096; i++)
        {
            var leaf = i == 1000 ? Encoding.UTF8.GetBytes("{not a leaf") : LeafCodec.Encode(i, Sample.Interaction(i), null);
            leaf.CopyTo(batch.AddLeaf(i, leaf.Length));
        }
        return batch;
    }
}
