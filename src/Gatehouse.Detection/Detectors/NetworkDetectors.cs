using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Gatehouse.Detection.Detectors;

/// <summary>IPv4 addresses (dotted quad, each octet 0–255) and IPv6 addresses (validated by <see cref="IPAddress"/>).</summary>
public sealed partial class IpAddressDetector : PatternDetector
{
    private static readonly ContextWords Words = new("ip", "address", "host", "server", "client", "ipv4", "ipv6", "from", "login");

    /// <inheritdoc />
    public override string Id => "ip_address";
    /// <inheritdoc />
    public override string EntityType => Detection.EntityTypes.IpAddress;
    /// <inheritdoc />
    public override int MaxLength => 45;
    /// <inheritdoc />
    protected override Regex Pattern => Regex();
    // An IPv4 address has a dot between two digits within its first four characters; an IPv6 address a colon followed
    // by a hex digit or a second colon within its first five. Anchoring on those, not on every digit, keeps numbers
    // that are not addresses (cards, phones, dates) from opening windows.
    private static readonly AnchoredPattern AnchoredRegex = new(Regex(), System.Buffers.SearchValues.Create(".:"), 8, 80,
        (text, i) => text[i] == '.'
            ? i > 0 && i + 1 < text.Length && char.IsDigit(text[i - 1]) && char.IsDigit(text[i + 1])
            : i + 1 < text.Length && (text[i + 1] == ':' || char.IsAsciiHexDigit(text[i + 1])));
    /// <inheritdoc />
    private protected override AnchoredPattern Anchored => AnchoredRegex;
    /// <inheritdoc />
    protected override ContextWords Context => Words;
    /// <inheritdoc />
    protected override double ContextBoost => 0.2;
    /// <inheritdoc />
    public override bool MayMatch(in TextFeatures features) => features.HasDigit || features.HasColon;

    /// <inheritdoc />
    protected override double? Score(string text, Match match)
    {
        var value = match.Value;
        if (value.Contains(':'))
        {
            if (!IPAddress.TryParse(value, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
                return null;
            var groups = value.Split(':').Count(g => g.Length > 0);
            return groups >= 3 || value.Contains("::", StringComparison.Ordinal) && groups >= 2 ? 0.75 : null;
        }
        return 0.7;
    }

    // IPv4 (optionally IPv4-mapped, ::ffff:a.b.c.d) may be followed by a port (":443"), a colon and text, or a full
    // stop ending the sentence, but not by more address ("1.2.3.4.5", "1.2.3.4:abcd", "1.2.3.4::"); IPv6 may end a
    // sentence too.
    [GeneratedRegex(@"(?<![\w.:])(?:(?:(?i:::ffff:))?(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\w|\.\d|:[A-Fa-f:]|:\d+[A-Za-z_:]|:\d+\.\w|:\d{6})|(?:(?:[0-9A-Fa-f]{1,4}:){1,7}(?::|(?::[0-9A-Fa-f]{1,4}){1,7}|[0-9A-Fa-f]{1,4})|::(?:[0-9A-Fa-f]{1,4}:){0,6}[0-9A-Fa-f]{1,4})(?![\w:]|\.\w))", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Regex();
}

/// <summary>MAC addresses: six hex octets separated by a consistent colon or dash, or Cisco's dotted triplets.</summary>
public sealed partial class MacAddressDetector : PatternDetector
{
    private static readonly ContextWords Words = new("mac", "hardware", "ethernet", "wifi", "device", "nic");

    /// <inheritdoc />
    public override string Id => "mac_address";
    /// <inheritdoc />
    public override string EntityType => Detection.EntityTypes.MacAddress;
    /// <inheritdoc />
    public override int MaxLength => 17;
    /// <inheritdoc />
    protected override Regex Pattern => Regex();
    private static readonly AnchoredPattern AnchoredRegex = new(Regex(), System.Buffers.SearchValues.Create(":-."), 24, 24, IsFirstSeparator);

    /// <summary>
    /// The first separator of a MAC address follows exactly two hex digits (four in the dotted form) that start the
    /// address, so the character before them is not one the look-behind rejects, and a hex digit follows it.
    /// "536-22-1234" opens no window: three digits before its first dash, a dash before its second.
    /// </summary>
    private static bool IsFirstSeparator(string text, int i)
    {
        if (i + 1 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]))
            return false;
        var hex = 0;
        while (hex < 5 && i - hex - 1 >= 0 && char.IsAsciiHexDigit(text[i - hex - 1]))
            hex++;
        if (hex is not (2 or 4))
            return false;
        var before = i - hex - 1;
        // A non-ASCII character before is left to the regex's look-behind (\w covers more than ASCII).
        return before < 0 || !(char.IsAsciiLetterOrDigit(text[before]) || text[before] is '_' or ':' or '-' or '.');
    }
    /// <inheritdoc />
    private protected override AnchoredPattern Anchored => AnchoredRegex;
    /// <inheritdoc />
    protected override ContextWords Context => Words;
    /// <inheritdoc />
    protected override double ContextBoost => 0.2;
    /// <inheritdoc />
    public override bool MayMatch(in TextFeatures features) => features.HasColon || features.HasDash || features.HasDigit;
    /// <inheritdoc />
    protected override double? Score(string text, Match match) => 0.7;

    [GeneratedRegex(@"(?<![\w:\-.])(?:[0-9A-Fa-f]{2}(?<s>[:\-])(?:[0-9A-Fa-f]{2}\k<s>){4}[0-9A-Fa-f]{2}|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4})(?![\w:\-]|\.\w)", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Regex();
}

/// <summary>URLs with a scheme (http, https, ftp) or starting with <c>www.</c>; trailing sentence punctuation is not part of the URL.</summary>
public sealed partial class UrlDetector : PatternDetector
{
    /// <inheritdoc />
    public override string Id => "url";
    /// <inheritdoc />
    public override string EntityType => Detection.EntityTypes.Url;
    /// <inheritdoc />
    public override int MaxLength => 2048;
    /// <inheritdoc />
    protected override Regex Pattern => Regex();
    /// <inheritdoc />
    public override bool MayMatch(in TextFeatures features) => true;
    /// <inheritdoc />
    protected override double? Score(string text, Match match) => 0.6;

    /// <inheritdoc />
    protected override (int Start, int End) ValueSpan(Match match)
    {
        var end = match.Index + match.Length;
        while (end > match.Index && match.Value[end - match.Index - 1] is '.' or ',' or ';' or ':' or '!' or '?' or ')' or ']' or '\'' or '"')
            end--;
        return (match.Index, end);
    }

    [GeneratedRegex(@"\b(?:(?:https?|ftp)://|www\.)[^\s<>""'`{}|\\^]{2,2040}", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, 1000)]
    private static partial Regex Regex();
}
