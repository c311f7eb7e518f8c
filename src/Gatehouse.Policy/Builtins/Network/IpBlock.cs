using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gatehouse.Policy.Builtins.Network;

/// <summary>
/// An IPv4 or IPv6 address block (<c>10.0.0.0/8</c>), addresses held as 128-bit integers. Parsing is as strict as Go's
/// <c>net.ParseCIDR</c>/<c>net.ParseIP</c> (dotted-quad IPv4 without leading zeros, no zones), and printing follows
/// Go's <c>IP.String</c> (RFC 5952 compression, IPv4-mapped IPv6 shown dotted).
/// </summary>
internal readonly record struct IpBlock(UInt128 Address, int PrefixLength, bool IsV4)
{
    /// <summary>The number of address bits: 32 or 128.</summary>
    public int Bits => IsV4 ? 32 : 128;

    /// <summary>The host-bit mask of this block.</summary>
    private UInt128 HostMask => (Bits - PrefixLength) switch
    {
        <= 0 => UInt128.Zero,
        >= 128 => UInt128.MaxValue, // a shift by 128 would wrap to a shift by 0
        var hostBits => (UInt128.One << hostBits) - 1,
    };

    /// <summary>The first address (host bits cleared).</summary>
    public UInt128 First => Address & ~HostMask;

    /// <summary>The last address (host bits set).</summary>
    public UInt128 Last => First | HostMask;

    /// <summary>The block with its host bits cleared, as Go's ParseCIDR returns the network.</summary>
    public IpBlock Network => this with { Address = First };

    /// <summary>Whether every address of <paramref name="other"/> is in this block.</summary>
    public bool Contains(IpBlock other)
    {
        if (other.IsV4 != IsV4)
        {
            if (!IsV4 || !TryUnmap(other, out other)) return false;
        }
        return other.First >= First && other.Last <= Last;
    }

    /// <summary>Whether the two blocks share any address.</summary>
    public bool Overlaps(IpBlock other) => other.IsV4 == IsV4 && First <= other.Last && other.First <= Last;

    private static bool TryUnmap(IpBlock v6, out IpBlock v4)
    {
        v4 = default;
        if (v6.Address >> 32 != 0xFFFF || v6.PrefixLength < 96) return false;
        v4 = new IpBlock(v6.Address & 0xFFFF_FFFF, v6.PrefixLength - 96, true);
        return true;
    }

    /// <summary>Parses <c>address/prefix</c>.</summary>
    public static bool TryParseCidr(string text, out IpBlock block)
    {
        block = default;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !TryParseAddress(text[..slash], out var address)) return false;
        var prefix = text.AsSpan(slash + 1);
        if (prefix.IsEmpty || prefix.Length > 3) return false;
        foreach (var c in prefix) if (!char.IsAsciiDigit(c)) return false;
        var length = int.Parse(prefix, CultureInfo.InvariantCulture);
        if (length > address.Bits) return false;
        block = address with { PrefixLength = length };
        return true;
    }

    /// <summary>Parses a single address as a full-length block (<c>/32</c> or <c>/128</c>).</summary>
    public static bool TryParseAddress(string text, out IpBlock block)
    {
        block = default;
        if (text.Contains(':', StringComparison.Ordinal))
        {
            if (text.Contains('%', StringComparison.Ordinal) || text.Contains('[', StringComparison.Ordinal)
                || !IPAddress.TryParse(text, out var ip) || ip.AddressFamily != AddressFamily.InterNetworkV6)
                return false;
            var bytes = ip.GetAddressBytes();
            UInt128 value = 0;
            foreach (var b in bytes) value = (value << 8) | b;
            block = new IpBlock(value, 128, false);
            return true;
        }
        var parts = text.Split('.');
        if (parts.Length != 4) return false;
        uint v4 = 0;
        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0')) return false;
            foreach (var c in part) if (!char.IsAsciiDigit(c)) return false;
            var octet = int.Parse(part, CultureInfo.InvariantCulture);
            if (octet > 255) return false;
            v4 = (v4 << 8) | (uint)octet;
        }
        block = new IpBlock(v4, 32, true);
        return true;
    }

    /// <summary>The address alone, as Go prints an <c>net.IP</c>.</summary>
    public string AddressText => FormatAddress(Address, IsV4);

    /// <summary>The block as <c>address/prefix</c>.</summary>
    public override string ToString() => AddressText + "/" + PrefixLength.ToString(CultureInfo.InvariantCulture);

    /// <summary>Formats an address as Go does.</summary>
    public static string FormatAddress(UInt128 address, bool isV4)
    {
        if (isV4) return FormatV4((uint)address);
        if (address >> 32 == 0xFFFF) return FormatV4((uint)(address & 0xFFFF_FFFF));
        var groups = new int[8];
        for (var i = 0; i < 8; i++) groups[i] = (int)(address >> (112 - 16 * i)) & 0xFFFF;
        // The longest run of two or more zero groups (leftmost on ties) becomes "::".
        int bestStart = -1, bestLength = 0;
        for (var i = 0; i < 8;)
        {
            if (groups[i] != 0) { i++; continue; }
            var j = i;
            while (j < 8 && groups[j] == 0) j++;
            if (j - i > bestLength && j - i >= 2) (bestStart, bestLength) = (i, j - i);
            i = j;
        }
        var builder = new StringBuilder();
        for (var i = 0; i < 8; i++)
        {
            if (i == bestStart)
            {
                builder.Append("::");
                i += bestLength - 1;
                continue;
            }
            if (builder.Length > 0 && builder[^1] != ':') builder.Append(':');
            builder.Append(groups[i].ToString("x", CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }

    private static string FormatV4(uint v) => $"{v >> 24}.{(v >> 16) & 255}.{(v >> 8) & 255}.{v & 255}";
}
