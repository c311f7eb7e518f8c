using System.Text.Json;
using Gatehouse.Audit.Checkpoints;
using Gatehouse.Audit.Tests.Merkle;

namespace Gatehouse.Audit.Tests.Checkpoints;

/// <summary>The signed-note vectors (C2SP example, Go sumdb/note, sum.golang.org, Tessera) open, and signing reproduces them.</summary>
public class SignedNoteVectorTests
{
    private static List<JsonElement> Vectors() =>
        JsonDocument.Parse(File.ReadAllText(TlogVectors.Dir("signed-note", "signed-note-vectors.json"))).RootElement
            .GetProperty("vectors").EnumerateArray().ToList();

    [Fact]
    public void Every_vector_opens_with_its_verifier_key()
    {
        var vectors = Vectors();
        Assert.Equal(5, vectors.Count);
        foreach (var v in vectors)
        {
            var key = NoteVerifierKey.Parse(v.GetProperty("verifierKey").GetString()!);
            Assert.Equal(v.GetProperty("verifierKey").GetString(), key.ToString());
            var note = SignedNote.Open(v.GetProperty("note").GetString()!, key);
            Assert.Contains(note.Signatures, s => s.KeyName == key.Name && s.KeyId == key.KeyId);
        }
    }

    [Fact]
    public void Signing_with_the_published_private_keys_reproduces_the_notes_exactly()
    {
        var withKeys = Vectors().Where(v => v.TryGetProperty("signerKey", out _)).ToList();
        Assert.Equal(2, withKeys.Count);
        foreach (var v in withKeys)
        {
            using var signer = NoteSigner.Parse(v.GetProperty("signerKey").GetString()!);
            Assert.Equal(v.GetProperty("verifierKey").GetString(), signer.Verifier.ToString());
            Assert.Equal(v.GetProperty("signerKey").GetString(), signer.ToString());
            var note = v.GetProperty("note").GetString()!;
            Assert.Equal(note, SignedNote.Sign(SignedNote.Parse(note).Text, signer));
        }
    }

    [Fact]
    public void Unknown_signers_are_ignored_but_a_note_with_no_trusted_signature_or_a_bad_one_is_rejected()
    {
        var twoSigners = Vectors().Single(v => v.GetProperty("id").GetString() == "go-note-two-signers");
        var note = twoSigners.GetProperty("note").GetString()!;
        Assert.Equal(2, SignedNote.Open(note, NoteVerifierKey.Parse(twoSigners.GetProperty("otherVerifierKey").GetString()!)).Signatures.Count);

        using var stranger = NoteSigner.Generate("stranger.example/log");
        var error = Assert.Throws<NoteFormatException>(() => SignedNote.Open(note, stranger.Verifier));
        Assert.Contains("not signed by any trusted key", error.Message);

        var example = Vectors()[0];
        var key = NoteVerifierKey.Parse(example.GetProperty("verifierKey").GetString()!);
        var tampered = example.GetProperty("note").GetString()!.Replace("example message", "exemplary message");
        Assert.Contains("does not verify", Assert.Throws<NoteFormatException>(() => SignedNote.Open(tampered, key)).Message);
    }

    [Theory]
    [InlineData("example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k", "does not match")]
    [InlineData("example.com/foo+530d903a+AukyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k", "not an Ed25519 key")]
    [InlineData("example.com/foo+530d903a", "name+hash+base64")]
    [InlineData("example.com/foo+zz+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k", "8 hex digits")]
    public void Malformed_verifier_keys_get_a_precise_error(string text, string expected)
    {
        Assert.Contains(expected, Assert.Throws<NoteFormatException>(() => NoteVerifierKey.Parse(text)).Message);
    }
}
