using Gatehouse.Audit.Checkpoints;

namespace Gatehouse.Audit.Tests.Checkpoints;

public class CheckpointFormatTests
{
    [Fact]
    public void A_checkpoint_with_extension_lines_round_trips_through_signing()
    {
        using var signer = NoteSigner.Generate("gatehouse.test/audit");
        var original = new Checkpoint("gatehouse.test/audit", 42, Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(), ["timestamp 1700000000"]);
        var opened = Checkpoint.Open(original.Sign(signer), signer.Verifier, "gatehouse.test/audit");
        Assert.Equal(original.ToNoteText(), opened.ToNoteText());
        Assert.Equal(["timestamp 1700000000"], opened.Extensions);
    }

    [Theory]
    [InlineData("origin\n01\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n", "leading zeros")]
    [InlineData("origin\n-1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n", "not a decimal")]
    [InlineData("origin\n1\nAAAA\n", "expected 32")]
    [InlineData("origin\n1\n", "needs an origin")]
    [InlineData("origin\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "end with a newline")]
    public void Malformed_bodies_are_rejected_precisely(string body, string expected)
    {
        Assert.Contains(expected, Assert.Throws<NoteFormatException>(() => Checkpoint.ParseBody(body)).Message);
    }
}
