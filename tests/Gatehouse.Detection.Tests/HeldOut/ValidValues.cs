using System.Numerics;
using System.Text;

namespace Gatehouse.Detection.Tests.HeldOut;

/// <summary>
/// Builds identifiers that are valid by their own rules (Luhn, ISO 13616 mod-97, SSA area/group/serial, RFC 5321
/// address shape, IPv4/IPv6 text forms, national numbering plans), and near misses that break exactly one rule.
/// Everything comes from the seeded <see cref="Random"/>, so a run is reproducible.
/// </summary>
internal sealed class ValidValues(Random random)
{
    // --- credit cards -------------------------------------------------------------------------------------------

    // Issuer prefix, total length, digit groups when printed grouped. Prefixes from the issuers' published IIN ranges.
    private static readonly (Func<Random, string> Prefix, int Length, int[] Groups)[] Issuers =
    [
        (_ => "4", 16, [4, 4, 4, 4]),                                             // Visa
        (r => (51 + r.Next(5)).ToString(), 16, [4, 4, 4, 4]),                   // Mastercard 51-55
        (r => (2221 + r.Next(500)).ToString(), 16, [4, 4, 4, 4]),               // Mastercard 2-series
        (r => r.Next(2) == 0 ? "34" : "37", 15, [4, 6, 5]),                       // American Express
        (r => r.Next(2) == 0 ? "6011" : "65", 16, [4, 4, 4, 4]),                 // Discover
        (r => (3528 + r.Next(62)).ToString(), 16, [4, 4, 4, 4]),                // JCB
        (r => "36", 14, [4, 6, 4]),                                               // Diners Club International
    ];

    /// <summary>A Luhn-valid card number of a random issuer, printed compact, with spaces or with dashes.</summary>
    public string CreditCard() => FormatCard(LuhnValidCard(out var groups), groups);

    /// <summary>A card-shaped number whose last digit breaks the Luhn check.</summary>
    public string CreditCardBadLuhn()
    {
        var digits = LuhnValidCard(out var groups);
        var wrong = (digits[^1] - '0' + 1 + random.Next(9)) % 10;
        return FormatCard(digits[..^1] + wrong, groups);
    }

    private string LuhnValidCard(out int[] groups)
    {
        var (prefix, length, g) = Issuers[random.Next(Issuers.Length)];
        groups = g;
        var body = new StringBuilder(prefix(random));
        while (body.Length < length - 1)
            body.Append((char)('0' + random.Next(10)));
        return body.Append(LuhnCheckDigit(body.ToString())).ToString();
    }

    /// <summary>The digit that makes <paramref name="payload"/> + digit pass the Luhn check.</summary>
    public static char LuhnCheckDigit(string payload)
    {
        var sum = 0;
        for (var i = 0; i < payload.Length; i++)
        {
            var d = payload[payload.Length - 1 - i] - '0';
            if (i % 2 == 0)
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            sum += d;
        }
        return (char)('0' + (10 - sum % 10) % 10);
    }

    private string FormatCard(string digits, int[] groups)
    {
        var style = random.Next(3);
        if (style == 0)
            return digits;
        var separator = style == 1 ? " " : "-";
        var parts = new List<string>();
        var at = 0;
        foreach (var g in groups)
        {
            parts.Add(digits.Substring(at, g));
            at += g;
        }
        return string.Join(separator, parts);
    }

    // --- IBAN ---------------------------------------------------------------------------------------------------

    // Country, BBAN layout ('n' digit, 'a' upper-case letter, 'c' letter or digit), per the SWIFT IBAN registry.
    private static readonly (string Country, string Layout)[] IbanCountries =
    [
        ("DE", "nnnnnnnnnnnnnnnnnn"),          // 22
        ("GB", "aaaannnnnnnnnnnnnn"),          // 22
        ("FR", "nnnnnnnnnnnnnnnnnnnnnnn"),     // 27
        ("ES", "nnnnnnnnnnnnnnnnnnnn"),        // 24
        ("NL", "aaaannnnnnnnnn"),              // 18
        ("IT", "annnnnnnnnnnnnnnnnnnnnn"),     // 27
        ("CH", "nnnnnnnnnnnnnnnnn"),           // 21
        ("BE", "nnnnnnnnnnnn"),                // 16
        ("AT", "nnnnnnnnnnnnnnnn"),            // 20
        ("PL", "nnnnnnnnnnnnnnnnnnnnnnnn"),    // 28
        ("SE", "nnnnnnnnnnnnnnnnnnnn"),        // 24
        ("NO", "nnnnnnnnnnn"),                 // 15
        ("IE", "aaaannnnnnnnnnnnnn"),          // 22
        ("PT", "nnnnnnnnnnnnnnnnnnnnn"),       // 25
    ];

    /// <summary>An IBAN of a random country with correct length and check digits, compact or in groups of four.</summary>
    public string Iban() => FormatIban(IbanWithCheck(valid: true));

    /// <summary>An IBAN-shaped string whose check digits are wrong.</summary>
    public string IbanBadCheck() => FormatIban(IbanWithCheck(valid: false));

    private string IbanWithCheck(bool valid)
    {
        var (country, layout) = IbanCountries[random.Next(IbanCountries.Length)];
        var bban = new StringBuilder();
        foreach (var kind in layout)
            bban.Append(kind == 'a' || (kind == 'c' && random.Next(2) == 0) ? (char)('A' + random.Next(26)) : (char)('0' + random.Next(10)));
        var check = 98 - Mod97(bban + country + "00");
        if (!valid)
        {
            var right = check;
            do check = 2 + random.Next(97);
            while (check == right);
        }
        return country + check.ToString("00") + bban;
    }

    private static int Mod97(string alphanumeric)
    {
        var digits = new StringBuilder();
        foreach (var ch in alphanumeric)
            digits.Append(char.IsLetter(ch) ? (ch - 'A' + 10).ToString() : ch.ToString());
        return (int)(BigInteger.Parse(digits.ToString()) % 97);
    }

    private string FormatIban(string compact)
    {
        if (random.Next(2) == 0)
            return compact;
        return string.Join(' ', compact.Chunk(4).Select(c => new string(c)));
    }

    // --- US SSN -------------------------------------------------------------------------------------------------

    /// <summary>An SSN with area 001-899 except 666, group 01-99 and serial 0001-9999.</summary>
    public string Ssn()
    {
        int area;
        do area = 1 + random.Next(899);
        while (area == 666);
        return FormatSsn(area, 1 + random.Next(99), 1 + random.Next(9999));
    }

    /// <summary>An SSN-shaped number the SSA never issues: area 000, 666 or 900-999, group 00 or serial 0000.</summary>
    public string SsnInvalid()
    {
        int area = 1 + random.Next(899), group = 1 + random.Next(99), serial = 1 + random.Next(9999);
        switch (random.Next(5))
        {
            case 0: area = 0; break;
            case 1: area = 666; break;
            case 2: area = 900 + random.Next(100); break;
            case 3: group = 0; break;
            default: serial = 0; break;
        }
        return FormatSsn(area, group, serial);
    }

    private string FormatSsn(int area, int group, int serial) =>
        random.Next(4) == 0 ? $"{area:000} {group:00} {serial:0000}" : $"{area:000}-{group:00}-{serial:0000}";

    // --- e-mail -------------------------------------------------------------------------------------------------

    private static readonly string[] Onsets = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "kl", "st", "tr", "sh"];
    private static readonly string[] Nuclei = ["a", "e", "i", "o", "u", "ai", "ou", "ea"];
    private static readonly string[] Tlds = ["com", "org", "net", "io", "de", "fr", "co.uk", "com.au", "nl", "dev", "es", "ch"];

    /// <summary>A made-up pronounceable word of two or three syllables.</summary>
    public string Word()
    {
        var sb = new StringBuilder();
        var syllables = 2 + random.Next(2);
        for (var i = 0; i < syllables; i++)
            sb.Append(Onsets[random.Next(Onsets.Length)]).Append(Nuclei[random.Next(Nuclei.Length)]);
        return sb.ToString();
    }

    /// <summary>An address with dotted, dashed, numbered or plus-tagged local parts and optional subdomains.</summary>
    public string Email()
    {
        var local = random.Next(6) switch
        {
            0 => Word(),
            1 => $"{Word()}.{Word()}",
            2 => $"{Word()}_{Word()}{random.Next(100)}",
            3 => $"{Word()}+{Word()}",
            4 => $"{Word()[0]}.{Word()}-{Word()}",
            _ => $"{Word()}{random.Next(1000, 9999)}",
        };
        if (random.Next(8) == 0)
            local = char.ToUpperInvariant(local[0]) + local[1..];
        var domain = Word() + (random.Next(4) == 0 ? "-" + Word() : "");
        var sub = random.Next(3) == 0 ? (random.Next(2) == 0 ? "mail." : Word() + ".") : "";
        return $"{local}@{sub}{domain}.{Tlds[random.Next(Tlds.Length)]}";
    }

    // --- IP addresses -------------------------------------------------------------------------------------------

    /// <summary>A dotted-quad IPv4 address, private, documentation or public ranges.</summary>
    public string IPv4() => random.Next(5) switch
    {
        0 => $"10.{random.Next(256)}.{random.Next(256)}.{1 + random.Next(254)}",
        1 => $"192.168.{random.Next(256)}.{1 + random.Next(254)}",
        2 => $"172.{16 + random.Next(16)}.{random.Next(256)}.{1 + random.Next(254)}",
        3 => $"203.0.113.{1 + random.Next(254)}",
        _ => $"{11 + random.Next(212)}.{random.Next(256)}.{random.Next(256)}.{1 + random.Next(254)}",
    };

    /// <summary>An IPv6 address in full, compressed, link-local, loopback or IPv4-mapped text form (RFC 4291 section 2.2; hex digits in either case).</summary>
    public string IPv6()
    {
        string Hextet() => random.Next(0x10000).ToString(random.Next(3) == 0 ? "X" : "x");
        return random.Next(6) switch
        {
            0 => string.Join(':', Enumerable.Range(0, 8).Select(_ => Hextet())),
            1 => $"2001:db8:{Hextet()}:{Hextet()}::{Hextet()}",
            2 => $"fe80::{Hextet()}:{Hextet()}:{Hextet()}:{Hextet()}",
            3 => $"2001:db8::{Hextet()}",
            4 => $"::ffff:{IPv4()}",
            _ => $"2a0{random.Next(10)}:{Hextet()}:{Hextet()}::{Hextet()}:{Hextet()}",
        };
    }

    // --- phone numbers ------------------------------------------------------------------------------------------

    /// <summary>A phone number of one of several countries, in E.164, international spaced or national format.</summary>
    public string Phone()
    {
        string D(int n) => string.Concat(Enumerable.Range(0, n).Select(_ => (char)('0' + random.Next(10))));
        string N2to9() => ((char)('2' + random.Next(8))).ToString();
        var style = random.Next(3);
        switch (random.Next(7))
        {
            case 0: // NANP: area and exchange start 2-9
                var area = N2to9() + D(2);
                var exchange = N2to9() + D(2);
                var line = D(4);
                return style switch
                {
                    0 => $"+1{area}{exchange}{line}",
                    1 => $"+1 ({area}) {exchange}-{line}",
                    _ => random.Next(2) == 0 ? $"({area}) {exchange}-{line}" : $"{area}-{exchange}-{line}",
                };
            case 1: // UK: London 20 + 8 digits, or mobile 7xxx
                var ukLondon = random.Next(2) == 0;
                var ukNsn = ukLondon ? "20" + D(8) : "7" + (1 + random.Next(9)) + D(8);
                return style switch
                {
                    0 => "+44" + ukNsn,
                    1 => ukLondon ? $"+44 {ukNsn[..2]} {ukNsn[2..6]} {ukNsn[6..]}" : $"+44 {ukNsn[..4]} {ukNsn[4..]}",
                    _ => ukLondon ? $"0{ukNsn[..2]} {ukNsn[2..6]} {ukNsn[6..]}" : $"0{ukNsn[..4]} {ukNsn[4..]}",
                };
            case 2: // Germany: Berlin 30 / Munich 89 + 7-8 digits, or mobile 15x/16x/17x
                var deMobile = random.Next(2) == 0;
                var deArea = deMobile ? "1" + (5 + random.Next(3)) + D(1) : (random.Next(2) == 0 ? "30" : "89");
                var deSub = D(deMobile ? 8 : 7 + random.Next(2));
                return style switch
                {
                    0 => $"+49{deArea}{deSub}",
                    1 => $"+49 {deArea} {deSub}",
                    _ => $"0{deArea} {deSub}",
                };
            case 3: // France: 9 digits after the trunk 0, first 1-7
                var fr = (1 + random.Next(7)) + D(8);
                var frPairs = string.Join(' ', fr[1..].Chunk(2).Select(c => new string(c)));
                return style switch
                {
                    0 => $"+33{fr}",
                    1 => $"+33 {fr[0]} {frPairs}",
                    _ => random.Next(2) == 0 ? $"0{fr[0]} {frPairs}" : $"0{fr[0]}.{frPairs.Replace(' ', '.')}",
                };
            case 4: // India mobile: 10 digits starting 6-9
                var inNum = (6 + random.Next(4)) + D(9);
                return style == 0 ? $"+91{inNum}" : $"+91 {inNum[..5]} {inNum[5..]}";
            case 5: // Australia: area 2/3/7/8 + 8 digits, or mobile 4xx
                var auNum = "23784"[random.Next(5)] + D(8);
                return style switch
                {
                    0 => $"+61{auNum}",
                    1 => $"+61 {auNum[0]} {auNum[1..5]} {auNum[5..]}",
                    _ => $"0{auNum[0]} {auNum[1..5]} {auNum[5..]}",
                };
            default: // Japan: Tokyo 3 + 8 digits, or mobile 90/80
                var jpMobile = random.Next(2) == 0;
                var jpNum = jpMobile ? (random.Next(2) == 0 ? "90" : "80") + D(8) : "3" + D(8);
                var jpSplit = jpMobile ? $"{jpNum[..2]}-{jpNum[2..6]}-{jpNum[6..]}" : $"{jpNum[..1]}-{jpNum[1..5]}-{jpNum[5..]}";
                return style == 2 ? "0" + jpSplit : $"+81 {jpSplit}";
        }
    }

    // --- hard negatives -----------------------------------------------------------------------------------------

    /// <summary>An order, ticket or invoice reference.</summary>
    public string OrderNumber() => random.Next(4) switch
    {
        0 => $"ORD-{2019 + random.Next(7)}-{random.Next(100000, 999999)}",
        1 => $"#{random.Next(1000000, 99999999)}",
        2 => $"INV/{random.Next(10, 99)}/{random.Next(10000, 99999)}",
        _ => $"PO{random.Next(100000, 999999)}-{(char)('A' + random.Next(26))}",
    };

    /// <summary>A build or product version with four parts where at least one exceeds 255, so it cannot be an IPv4 address.</summary>
    public string Version() => random.Next(2) == 0
        ? $"{random.Next(1, 20)}.{random.Next(10)}.{random.Next(1000, 30000)}.{random.Next(1, 3000)}"
        : $"{random.Next(1, 9)}.{random.Next(20)}.{random.Next(10)}";

    /// <summary>An ISO 8601 timestamp or a log-style time of day.</summary>
    public string Timestamp() => random.Next(3) switch
    {
        0 => $"{2020 + random.Next(6)}-{1 + random.Next(12):00}-{1 + random.Next(28):00}T{random.Next(24):00}:{random.Next(60):00}:{random.Next(60):00}Z",
        1 => $"{2020 + random.Next(6)}-{1 + random.Next(12):00}-{1 + random.Next(28):00} {random.Next(24):00}:{random.Next(60):00}:{random.Next(60):00}.{random.Next(1000):000}",
        _ => $"{random.Next(24):00}:{random.Next(60):00}:{random.Next(60):00}",
    };

    /// <summary>A parcel tracking or correlation id.</summary>
    public string TrackingId() => random.Next(3) switch
    {
        0 => $"1Z{random.Next(100, 999)}{(char)('A' + random.Next(26))}{(char)('A' + random.Next(26))}{random.Next(10000000, 99999999)}{random.Next(10)}",
        1 => $"TRK-{random.Next(1000, 9999)}-{random.Next(1000, 9999)}-{random.Next(1000, 9999)}",
        _ => $"{random.Next():x8}-{random.Next(0x10000):x4}-4{random.Next(0x1000):x3}-a{random.Next(0x1000):x3}-{random.Next(0x10000):x4}{random.Next():x8}",
    };

    /// <summary>A money amount.</summary>
    public string Amount() => random.Next(2) == 0 ? $"${random.Next(1, 9999):N0}.{random.Next(100):00}" : $"{random.Next(1, 9999)},{random.Next(100):00} EUR";
}
