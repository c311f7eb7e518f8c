using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Gatehouse.Policy.Builtins.X509;

/// <summary>
/// Reads the certificate and key inputs OPA's crypto builtins accept: PEM text, base64 of PEM text, or base64 of DER.
/// Base64 errors read like Go's (<c>illegal base64 data at input byte N</c>).
/// </summary>
internal static class PemInput
{
    /// <summary>A PEM block: its label (<c>CERTIFICATE</c>) and DER contents.</summary>
    public readonly record struct Block(string Label, byte[] Der);

    /// <summary>
    /// The PEM blocks of <paramref name="text"/> (directly or after base64 decoding), or null with the decoded DER in
    /// <paramref name="der"/> when the input is base64 of binary data.
    /// </summary>
    public static List<Block>? Read(string name, string text, out byte[] der)
    {
        der = [];
        if (text.TrimStart().StartsWith("-----BEGIN", StringComparison.Ordinal)) return Blocks(text);
        der = DecodeBase64(name, text);
        var decoded = Encoding.UTF8.GetString(der);
        return decoded.TrimStart().StartsWith("-----BEGIN", StringComparison.Ordinal) ? Blocks(decoded) : null;
    }

    /// <summary>Every PEM block in <paramref name="text"/>, in order.</summary>
    public static List<Block> Blocks(string text)
    {
        var blocks = new List<Block>();
        var rest = text.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            blocks.Add(new Block(rest[fields.Label].ToString(), Convert.FromBase64String(rest[fields.Base64Data].ToString())));
            rest = rest[fields.Location.End..];
        }
        return blocks;
    }

    /// <summary>Standard base64 with padding, as Go's <c>base64.StdEncoding</c> (line breaks ignored).</summary>
    public static byte[] DecodeBase64(string name, string text)
    {
        var compact = text.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal);
        for (var i = 0; i < compact.Length; i++)
        {
            var c = compact[i];
            var padding = c == '=' && i >= compact.Length - 2;
            if (!(char.IsAsciiLetterOrDigit(c) || c == '+' || c == '/' || padding)) throw Illegal(name, i);
        }
        if (compact.Length % 4 != 0) throw Illegal(name, compact.Length - compact.Length % 4);
        try
        {
            return Convert.FromBase64String(compact);
        }
        catch (FormatException)
        {
            throw Illegal(name, compact.Length - 1);
        }
    }

    private static BuiltinException Illegal(string name, int index) =>
        BuiltinException.Error(name, "illegal base64 data at input byte " + index.ToString(CultureInfo.InvariantCulture));
}
