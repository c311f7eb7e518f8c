using System.Buffers.Binary;
using Gatehouse.Audit.Checkpoints;
using Gatehouse.Audit.Merkle;
using Gatehouse.Audit.Tests.Merkle;

namespace Gatehouse.Audit.Tests.Checkpoints;

/// <summary>
/// Tessera's test log: every one of its 16 checkpoints (sizes 0..15) is signed by the published key, and its root
/// equals the root we recompute from the entry bundles; the level-0 tiles hold exactly our leaf hashes.
/// </summary>
public class TesseraLogTests
{
    private static readonly NoteVerifierKey LogKey = NoteVerifierKey.Parse("example.com/log/testdata+33d7b496+AeHTu4Q3hEIMHNqc6fASMsq3rKNx280NI+oO5xCFkkSx");

    [Fact]
    public void All_sixteen_checkpoints_verify_and_match_roots_recomputed_from_the_entry_bundles()
    {
        var entries = ReadBundle(15);
        Assert.Equal(["one", "two", "three"], entries.Take(3).Select(e => System.Text.Encoding.UTF8.GetString(e)));
        var tree = new MemoryMerkleTree();
        foreach (var entry in entries)
            tree.AppendData(entry);

        for (var size = 0; size <= 15; size++)
        {
            var checkpoint = Checkpoint.Open(File.ReadAllText(Log($"checkpoint.{size}")), LogKey, "example.com/log/testdata");
            Assert.Equal(size, checkpoint.Size);
            Assert.Equal(tree.Root(size), checkpoint.RootHash);
            if (size > 0)
                Assert.Equal(entries.Take(size).Select(e => System.Text.Encoding.UTF8.GetString(e)), ReadBundle(size).Select(e => System.Text.Encoding.UTF8.GetString(e)));
        }
        Assert.Equal(15, Checkpoint.Open(File.ReadAllText(Log("checkpoint")), LogKey).Size);
    }

    [Fact]
    public void Level_zero_tiles_hold_the_leaf_hashes_of_the_entries()
    {
        var entries = ReadBundle(15);
        var tile = File.ReadAllBytes(Log("tile", "0", "000.p", "15"));
        Assert.Equal(15 * Rfc6962.HashSize, tile.Length);
        for (var i = 0; i < entries.Count; i++)
            Assert.Equal(Rfc6962.LeafHash(entries[i]), tile.AsSpan(i * Rfc6962.HashSize, Rfc6962.HashSize).ToArray());
    }

    [Fact]
    public void A_checkpoint_signed_by_another_key_is_rejected()
    {
        using var other = NoteSigner.Generate("example.com/log/testdata");
        var forged = new Checkpoint("example.com/log/testdata", 15, new byte[32]).Sign(other);
        Assert.Throws<NoteFormatException>(() => Checkpoint.Open(forged, LogKey));
    }

    private static string Log(params string[] parts) => TlogVectors.Dir(["tessera-testdata", "testdata", "log", .. parts]);

    /// <summary>An entry bundle is a sequence of big-endian uint16 length-prefixed entries.</summary>
    private static List<byte[]> ReadBundle(int width)
    {
        var bytes = File.ReadAllBytes(Log("tile", "entries", "000.p", width.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var entries = new List<byte[]>();
        for (var offset = 0; offset < bytes.Length;)
        {
            var length = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(offset));
            entries.Add(bytes.AsSpan(offset + 2, length).ToArray());
            offset += 2 + length;
        }
        return entries;
    }
}
