using System.Globalization;

namespace Gatehouse.Audit.Checkpoints;

/// <summary>
/// A C2SP tlog-checkpoint body (c2sp.org/tlog-checkpoint): origin line, decimal tree size, base64 root hash, then
/// optional extension lines. Signed as a note by the log's key.
/// </summary>
/// <param name="Origin">The log's unique name, conventionally the signing key's name.</param>
/// <param name="Size">The number of leaves the root commits to.</param>
/// <param name="RootHash">The RFC 6962 root of the first <paramref name="Size"/> leaves.</param>
/// <param name="Extensions">Opaque extension lines, kept verbatim.</param>
public sealed record Checkpoint(string Origin, long Size, byte[] RootHash, IReadOnlyList<string> Extensions)
{
    /// <summary>A checkpoint without extension lines.</summary>
    public Checkpoint(string origin, long size, byte[] rootHash) : this(origin, size, rootHash, []) { }

    /// <summary>The note text this checkpoint signs.</summary>
    public string ToNoteText()
    {
        var text = $"{Origin}\n{Size.ToString(CultureInfo.InvariantCulture)}\n{Convert.ToBase64String(RootHash)}\n";
        return Extensions.Count == 0 ? text : text + string.Join("", Extensions.Select(e => e + "\n"));
    }

    /// <summary>Signs the checkpoint and returns the complete signed note.</summary>
    public string Sign(NoteSigner signer) => SignedNote.Sign(ToNoteText(), signer);

    /// <summary>Parses a checkpoint body (the text of a note, signatures already stripped).</summary>
    /// <exception cref="NoteFormatException">The body does not follow tlog-checkpoint.</exception>
    public static Checkpoint ParseBody(string text)
    {
        if (!text.EndsWith('\n'))
            throw new NoteFormatException("checkpoint must end with a newline");
        var lines = text[..^1].Split('\n');
        if (lines.Length < 3)
            throw new NoteFormatException("checkpoint needs an origin, a size and a root hash line");
        if (lines[0].Length == 0)
            throw new NoteFormatException("checkpoint origin line is empty");
        if (!long.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size) || (lines[1].Length > 1 && lines[1][0] == '0'))
            throw new NoteFormatException($"checkpoint size '{lines[1]}' is not a decimal number without leading zeros");
        byte[] root;
        try
        {
            root = Convert.FromBase64String(lines[2]);
        }
        catch (FormatException)
        {
            throw new NoteFormatException("checkpoint root hash is not valid base64");
        }
        if (root.Length != Merkle.Rfc6962.HashSize)
            throw new NoteFormatException($"checkpoint root hash is {root.Length} bytes, expected 32");
        if (lines.Skip(3).Any(l => l.Length == 0))
            throw new NoteFormatException("checkpoint extension lines must not be empty");
        return new Checkpoint(lines[0], size, root, lines.Skip(3).ToArray());
    }

    /// <summary>Verifies a signed checkpoint against the log's key and parses it, optionally pinning its origin line.</summary>
    /// <exception cref="NoteFormatException">Malformed, not validly signed by <paramref name="logKey"/>, or from another origin.</exception>
    public static Checkpoint Open(string signedNote, NoteVerifierKey logKey, string? expectedOrigin = null)
    {
        var note = SignedNote.Open(signedNote, logKey);
        var checkpoint = ParseBody(note.Text);
        if (expectedOrigin is not null && checkpoint.Origin != expectedOrigin)
            throw new NoteFormatException($"checkpoint origin '{checkpoint.Origin}' is not the expected '{expectedOrigin}'");
        return checkpoint;
    }
}
