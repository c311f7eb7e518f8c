using System.Globalization;
using System.Text;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Builtins;

/// <summary>
/// <c>base64.* base64url.* hex.* urlquery.*</c> with Go's semantics: standard base64 decoding requires padding,
/// base64url decoding accepts it missing, hex errors name the bad byte, and query escaping is Go's <c>QueryEscape</c>.
/// </summary>
public static class Encodings
{
    private static readonly RegoType S = RegoType.String;

    /// <summary>Registers the family.</summary>
    public static void Register(BuiltinRegistry registry)
    {
        var unary = BuiltinSignature.Of(S, S);
        registry.Register("base64.encode", unary, (o, _) => new StringValue(Convert.ToBase64String(Utf8("base64.encode", o))));
        registry.Register("base64.decode", unary, (o, _) => new StringValue(Text(DecodeBase64("base64.decode", Operand.String("base64.decode", o, 0), url: false))));
        registry.Register("base64.is_valid", BuiltinSignature.Of(RegoType.Boolean, S),
            (o, _) => BooleanValue.Of(TryDecodeBase64(Operand.String("base64.is_valid", o, 0), url: false, out var _, out var _)));
        registry.Register("base64url.encode", unary, (o, _) => new StringValue(ToUrl(Convert.ToBase64String(Utf8("base64url.encode", o)))));
        registry.Register("base64url.encode_no_pad", unary,
            (o, _) => new StringValue(ToUrl(Convert.ToBase64String(Utf8("base64url.encode_no_pad", o))).TrimEnd('=')));
        registry.Register("base64url.decode", unary, (o, _) =>
        {
            var text = Operand.String("base64url.decode", o, 0);
            if (text.Length % 4 != 0 && !text.EndsWith('=')) text += new string('=', 4 - text.Length % 4);
            return new StringValue(Text(DecodeBase64("base64url.decode", text, url: true)));
        });
        registry.Register("hex.encode", unary, (o, _) => new StringValue(Convert.ToHexStringLower(Utf8("hex.encode", o))));
        registry.Register("hex.decode", unary, (o, _) => new StringValue(Text(DecodeHex(Operand.String("hex.decode", o, 0)))));
    }

    private static byte[] Utf8(string name, ReadOnlySpan<Value> operands) => Encoding.UTF8.GetBytes(Operand.String(name, operands, 0));

    /// <summary>Decoded bytes as a string; invalid UTF-8 becomes U+FFFD (a .NET string cannot hold raw bytes).</summary>
    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    private static string ToUrl(string base64) => base64.Replace('+', '-').Replace('/', '_');

    private static byte[] DecodeBase64(string name, string text, bool url) =>
        TryDecodeBase64(text, url, out var bytes, out var badAt) ? bytes : throw BuiltinException.Error(name, $"illegal base64 data at input byte {badAt}");

    /// <summary>Strict decoding like Go's <c>StdEncoding</c>/<c>URLEncoding</c>: right alphabet, padding to a multiple of four.</summary>
    private static bool TryDecodeBase64(string text, bool url, out byte[] bytes, out int badAt)
    {
        bytes = [];
        for (badAt = 0; badAt < text.Length; badAt++)
        {
            var c = text[badAt];
            var valid = char.IsAsciiLetterOrDigit(c) || (url ? c is '-' or '_' : c is '+' or '/') || (c == '=' && badAt >= text.Length - 2);
            if (!valid) return false;
        }
        if (text.Length % 4 != 0)
        {
            badAt = text.Length - text.Length % 4;
            return false;
        }
        var standard = url ? text.Replace('-', '+').Replace('_', '/') : text;
        try
        {
            bytes = Convert.FromBase64String(standard);
            return true;
        }
        catch (FormatException)
        {
            badAt = Math.Max(0, text.IndexOf('='));
            return false;
        }
    }

    private static byte[] DecodeHex(string text)
    {
        static bool IsHex(char c) => char.IsAsciiHexDigit(c);
        for (var i = 0; i < text.Length; i++)
            if (!IsHex(text[i]))
            {
                // Go reports the first bad character of the first bad pair, then an odd length.
                var rune = char.ConvertToUtf32(text, i);
                throw BuiltinException.Error("hex.decode",
                    string.Create(CultureInfo.InvariantCulture, $"encoding/hex: invalid byte: U+{rune:X4} {QuoteRune(rune)}"));
            }
        if (text.Length % 2 != 0) throw BuiltinException.Error("hex.decode", "encoding/hex: odd length hex string");
        return Convert.FromHexString(text);
    }

    private static string QuoteRune(int rune) => rune switch
    {
        '\'' => @"'\''",
        '\\' => @"'\\'",
        < 0x20 or 0x7f => string.Create(CultureInfo.InvariantCulture, $"'\\x{rune:x2}'"),
        _ => "'" + char.ConvertFromUtf32(rune) + "'",
    };
}
