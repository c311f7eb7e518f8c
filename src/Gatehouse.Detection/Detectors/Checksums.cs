using System.Numerics;
using System.Security.Cryptography;

namespace Gatehouse.Detection.Detectors;

/// <summary>
/// The check-digit algorithms detectors use to tell real identifiers from random digits. All of them ignore
/// separators (spaces, dots, dashes) so they can be given the value as it appeared.
/// </summary>
public static class Checksums
{
    /// <summary>Luhn (mod 10), used by payment cards.</summary>
    public static bool Luhn(ReadOnlySpan<char> value)
    {
        int sum = 0, count = 0;
        var doubled = false;
        for (var i = value.Length - 1; i >= 0; i--)
        {
            var c = value[i];
            if (!char.IsAsciiDigit(c))
                continue;
            var d = c - '0';
            if (doubled)
            {
                d *= 2;
                if (d > 9)
                    d -= 9;
            }
            sum += d;
            doubled = !doubled;
            count++;
        }
        return count >= 2 && sum % 10 == 0;
    }

    /// <summary>ISO 13616 mod-97 check of an IBAN (country code, check digits, BBAN).</summary>
    public static bool Mod97(ReadOnlySpan<char> value)
    {
        Span<char> compact = stackalloc char[64];
        var n = 0;
        foreach (var c in value)
        {
            if (c is ' ' or '-' or '.')
                continue;
            if (n == compact.Length || !char.IsAsciiLetterOrDigit(c))
                return false;
            compact[n++] = char.ToUpperInvariant(c);
        }
        if (n < 5)
            return false;
        var remainder = 0;
        for (var k = 0; k < n; k++)
        {
            var c = compact[(k + 4) % n];
            if (char.IsAsciiDigit(c))
                remainder = (remainder * 10 + (c - '0')) % 97;
            else
                remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
        }
        return remainder == 1;
    }

    /// <summary>ABA routing number checksum: 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) ≡ 0 (mod 10).</summary>
    public static bool Aba(ReadOnlySpan<char> value)
    {
        Span<int> d = stackalloc int[9];
        if (!Digits(value, d))
            return false;
        var sum = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + d[2] + d[5] + d[8];
        return sum != 0 && sum % 10 == 0;
    }

    /// <summary>NHS number mod-11 check (weights 10..2, check digit 11 − remainder, 10 invalid).</summary>
    public static bool NhsMod11(ReadOnlySpan<char> value)
    {
        Span<int> d = stackalloc int[10];
        if (!Digits(value, d))
            return false;
        var sum = 0;
        for (var i = 0; i < 9; i++)
            sum += d[i] * (10 - i);
        var check = 11 - sum % 11;
        if (check == 11)
            check = 0;
        return check != 10 && check == d[9];
    }

    /// <summary>Base58Check: the last four bytes are the first four of SHA-256(SHA-256(payload)).</summary>
    public static bool Base58Check(ReadOnlySpan<char> value) => Base58CheckPayload(value) is not null;

    /// <summary>Decodes a Base58Check string and returns its payload (version byte first), or null when invalid.</summary>
    public static byte[]? Base58CheckPayload(ReadOnlySpan<char> value)
    {
        const string alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
        if (value.Length is < 5 or > 120)
            return null;
        BigInteger number = BigInteger.Zero;
        var leadingZeros = 0;
        var counting = true;
        foreach (var c in value)
        {
            var digit = alphabet.IndexOf(c);
            if (digit < 0)
                return null;
            if (counting && digit == 0)
                leadingZeros++;
            else
                counting = false;
            number = number * 58 + digit;
        }
        var body = number.IsZero ? [] : number.ToByteArray(isUnsigned: true, isBigEndian: true);
        var bytes = new byte[leadingZeros + body.Length];
        body.CopyTo(bytes, leadingZeros);
        if (bytes.Length < 5)
            return null;
        var payload = bytes.AsSpan(0, bytes.Length - 4);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(payload, hash);
        SHA256.HashData(hash, hash);
        return hash[..4].SequenceEqual(bytes.AsSpan(bytes.Length - 4)) ? payload.ToArray() : null;
    }

    /// <summary>Bech32 / Bech32m (BIP-173 / BIP-350) checksum of a lower- or upper-case address such as <c>bc1q…</c>.</summary>
    public static bool Bech32(ReadOnlySpan<char> value)
    {
        const string charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
        if (value.Length is < 8 or > 90)
            return false;
        var separator = value.LastIndexOf('1');
        if (separator < 1 || separator + 7 > value.Length)
            return false;
        bool lower = false, upper = false;
        foreach (var c in value)
        {
            lower |= char.IsAsciiLetterLower(c);
            upper |= char.IsAsciiLetterUpper(c);
        }
        if (lower && upper)
            return false;
        Span<byte> values = stackalloc byte[value.Length * 2 + 1];
        var n = 0;
        var hrp = value[..separator];
        foreach (var c in hrp)
            values[n++] = (byte)(char.ToLowerInvariant(c) >> 5);
        values[n++] = 0;
        foreach (var c in hrp)
            values[n++] = (byte)(char.ToLowerInvariant(c) & 31);
        foreach (var c in value[(separator + 1)..])
        {
            var v = charset.IndexOf(char.ToLowerInvariant(c));
            if (v < 0)
                return false;
            values[n++] = (byte)v;
        }
        var polymod = Polymod(values[..n]);
        return polymod is 1 or 0x2bc830a3; // Bech32 or Bech32m constant
    }

    private static uint Polymod(ReadOnlySpan<byte> values)
    {
        ReadOnlySpan<uint> generator = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
        uint chk = 1;
        foreach (var v in values)
        {
            var top = chk >> 25;
            chk = ((chk & 0x1ffffff) << 5) ^ v;
            for (var i = 0; i < 5; i++)
                if (((top >> i) & 1) != 0)
                    chk ^= generator[i];
        }
        return chk;
    }

    /// <summary>Copies exactly <c>digits.Length</c> ASCII digits (separators skipped) or returns false.</summary>
    public static bool Digits(ReadOnlySpan<char> value, Span<int> digits)
    {
        var n = 0;
        foreach (var c in value)
        {
            if (c is ' ' or '-' or '.')
                continue;
            if (!char.IsAsciiDigit(c) || n == digits.Length)
                return false;
            digits[n++] = c - '0';
        }
        return n == digits.Length;
    }

    /// <summary>Counts the ASCII digits in <paramref name="value"/>.</summary>
    public static int CountDigits(ReadOnlySpan<char> value)
    {
        var n = 0;
        foreach (var c in value)
            if (char.IsAsciiDigit(c))
                n++;
        return n;
    }

    /// <summary>Shannon entropy of <paramref name="value"/> in bits per character.</summary>
    public static double ShannonEntropy(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
            return 0;
        Span<int> counts = stackalloc int[128];
        var other = 0;
        foreach (var c in value)
        {
            if (c < 128)
                counts[c]++;
            else
                other++;
        }
        double entropy = 0;
        foreach (var count in counts)
            if (count > 0)
                entropy -= (double)count / value.Length * Math.Log2((double)count / value.Length);
        if (other > 0)
            entropy -= (double)other / value.Length * Math.Log2((double)other / value.Length);
        return entropy;
    }

    /// <summary>Looks up a validator by its configuration name (luhn, mod97, aba, nhs, base58check, bech32).</summary>
    public static Func<string, bool>? ByName(string name) => name.ToLowerInvariant() switch
    {
        "luhn" => v => Luhn(v),
        "mod97" or "iban" => v => Mod97(v),
        "aba" => v => Aba(v),
        "nhs" or "mod11" => v => NhsMod11(v),
        "base58check" => v => Base58Check(v),
        "bech32" => v => Bech32(v),
        _ => null,
    };
}
