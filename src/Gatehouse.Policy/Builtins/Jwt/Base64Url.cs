using System.Globalization;

namespace Gatehouse.Policy.Builtins.Jwt;

/// <summary>
/// Unpadded base64url as JWTs use it (RFC 7515 §2). Decoding is strict like Go's <c>base64.RawURLEncoding</c> and reports
/// the offending position the way Go does: <c>illegal base64 data at input byte N</c>.
/// </summary>
internal static class Base64Url
{
    /// <summary>Encodes without padding.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Decodes; throws <see cref="FormatException"/> with Go's message for malformed text.</summary>
    public static byte[] Decode(string text)
    {
        // Trailing padding is tolerated as OPA strips it before decoding.
        var trimmed = text.TrimEnd('=');
        for (var i = 0; i < trimmed.Length; i++)
        {
            var c = trimmed[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
                throw new FormatException("illegal base64 data at input byte " + i.ToString(CultureInfo.InvariantCulture));
        }
        if (trimmed.Length % 4 == 1)
            throw new FormatException("illegal base64 data at input byte " + (trimmed.Length - 1).ToString(CultureInfo.InvariantCulture));
        var standard = trimmed.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(standard + new string('=', (4 - standard.Length % 4) % 4));
    }
}
