using System.Text.Json;
using Gatehouse.Audit.Merkle;

namespace Gatehouse.Audit.Tests.Merkle;

public class Rfc6962HashTests
{
    [Fact]
    public void Hash_vectors_from_transparency_dev_match()
    {
        var doc = JsonDocument.Parse(File.ReadAllText(TlogVectors.Dir("rfc6962-hash-vectors.json")));
        var vectors = doc.RootElement.GetProperty("vectors").EnumerateArray().ToList();
        Assert.Equal(4, vectors.Count);
        foreach (var v in vectors)
        {
            var got = v.GetProperty("op").GetString() switch
            {
                "emptyRoot" => Rfc6962.EmptyRoot(),
                "leaf" => Rfc6962.LeafHash(Convert.FromHexString(v.GetProperty("input_hex").GetString()!)),
                "node" => Rfc6962.NodeHash(Convert.FromHexString(v.GetProperty("left_hex").GetString()!), Convert.FromHexString(v.GetProperty("right_hex").GetString()!)),
                var op => throw new InvalidOperationException("unknown op " + op),
            };
            Assert.Equal(v.GetProperty("want").GetString(), Convert.ToHexStringLower(got));
        }
    }
}
