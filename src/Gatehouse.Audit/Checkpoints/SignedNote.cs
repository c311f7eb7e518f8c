using System.Buffers.Binary;
using System.Text;

namespace Gatehouse.Audit.Checkpoints;

/// <summary>One signature line of a signed note: key name, key id and signature bytes.</summary>
/// <param name="KeyName">The signing key's name.</param>
/// <param name="KeyId">The signing key's id.</param>
/// <param name="Signature">The signature bytes after the 4-byte key id.</param>
public sealed record NoteSignature(string KeyName, uint KeyId, byte[] Signature);

/// <summary>
/// A C2SP signed note (c2sp.org/signed-note): UTF-8 text ending in a newline, a blank line, then signature lines
/// <c>— name base64(keyid || sig)</c>. The text is separated from the signatures by the last blank line.
/// </summary>
public sealed class SignedNote
{
    private const string SignaturePrefix = "\u2014 ";

    private SignedNote(string text, IReadOnlyList<NoteSignature> signatures)
    {
        Text = text;
        Signatures = signatures;
    }

    /// <summary>The signed text, including its final newline.</summary>
    public string Text { get; }

    /// <summary>The signatures in the order they appear.</summary>
    public IReadOnlyList<NoteSignature> Signatures { get; }

    /// <summary>Signs <paramref name="text"/> (which must end in a newline) with each signer and returns the whole note.</summary>
    public static string Sign(string text, params NoteSigner[] signers)
    {
        ValidateText(text);
        if (signers.Length == 0)
            throw new ArgumentException("a note needs at least one signer", nameof(signers));
        var message = Encoding.UTF8.GetBytes(text);
        var note = new StringBuilder(text).Append('\n');
        foreach (var signer in signers)
        {
            var blob = new byte[4 + 64];
            BinaryPrimitives.WriteUInt32BigEndian(blob, signer.Verifier.KeyId);
            signer.Sign(message).CopyTo(blob, 4);
            note.Append(SignaturePrefix).Append(signer.Name).Append(' ').Append(Convert.ToBase64String(blob)).Append('\n');
        }
        return note.ToString();
    }

    /// <summary>Splits a note into text and signature lines without checking any signature.</summary>
    /// <exception cref="NoteFormatException">The note is malformed.</exception>
    public static SignedNote Parse(string note)
    {
        if (note.Any(c => c < 0x20 && c != '\n'))
            throw new NoteFormatException("signed note contains a control character other than newline");
        var split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
            throw new NoteFormatException("signed note has no blank line before its signatures");
        var text = note[..(split + 1)];
        var block = note[(split + 2)..];
        if (!block.EndsWith('\n'))
            throw new NoteFormatException("signed note does not end with a newline");
        var signatures = new List<NoteSignature>();
        foreach (var line in block[..^1].Split('\n'))
            signatures.Add(ParseSignatureLine(line));
        if (signatures.Count == 0)
            throw new NoteFormatException("signed note has no signatures");
        return new SignedNote(text, signatures);
    }

    /// <summary>
    /// Parses and verifies a note against trusted keys, following the spec: signatures from unknown keys are ignored,
    /// a known key's bad signature rejects the note, and at least one known key must have signed.
    /// </summary>
    /// <exception cref="NoteFormatException">Malformed, badly signed, or signed by no trusted key.</exception>
    public static SignedNote Open(string note, params NoteVerifierKey[] trusted)
    {
        var parsed = Parse(note);
        var message = Encoding.UTF8.GetBytes(parsed.Text);
        var verified = 0;
        foreach (var signature in parsed.Signatures)
        {
            var key = trusted.FirstOrDefault(k => k.Name == signature.KeyName && k.KeyId == signature.KeyId);
            if (key is null)
                continue;
            if (!key.Verify(message, signature.Signature))
                throw new NoteFormatException($"signature by {key.Name}+{key.KeyId:x8} does not verify");
            verified++;
        }
        if (verified == 0)
            throw new NoteFormatException("note is not signed by any trusted key (" + string.Join(", ", trusted.Select(k => k.Name + "+" + k.KeyId.ToString("x8"))) + ")");
        return parsed;
    }

    private static NoteSignature ParseSignatureLine(string line)
    {
        if (!line.StartsWith(SignaturePrefix, StringComparison.Ordinal))
            throw new NoteFormatException($"malformed signature line '{line}'");
        var rest = line[SignaturePrefix.Length..];
        var space = rest.IndexOf(' ');
        if (space <= 0)
            throw new NoteFormatException($"malformed signature line '{line}'");
        var name = rest[..space];
        NoteKeyId.ValidateName(name);
        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(rest[(space + 1)..]);
        }
        catch (FormatException)
        {
            throw new NoteFormatException($"signature by {name} is not valid base64");
        }
        if (blob.Length < 5)
            throw new NoteFormatException($"signature by {name} is too short");
        return new NoteSignature(name, BinaryPrimitives.ReadUInt32BigEndian(blob), blob[4..]);
    }

    private static void ValidateText(string text)
    {
        if (!text.EndsWith('\n'))
            throw new NoteFormatException("note text must end with a newline");
        if (text.Any(c => c < 0x20 && c != '\n'))
            throw new NoteFormatException("note text contains a control character other than newline");
    }
}
