using System.Text.RegularExpressions;

namespace Gatehouse.Detection.Detectors;

/// <summary>
/// Cryptocurrency wallet addresses: Bitcoin legacy and P2SH addresses (Base58Check with the double SHA-256 checksum and
/// a mainnet or testnet version byte), SegWit/Taproot addresses (Bech32/Bech32m checksum), and Ethereum addresses
/// (<c>0x</c> + 40 hex digits; EIP-55 needs Keccak, which the platform lacks, so these need context).
/// </summary>
public sealed partial class CryptoWalletDetector : PatternDetector
{
    private static readonly ContextWords Words = new("wallet", "bitcoin", "btc", "eth", "ethereum", "crypto", "address", "send", "pay");

    /// <inheritdoc />
    public override string Id => "crypto_wallet";
    /// <inheritdoc />
    public override string EntityType => Detection.EntityTypes.CryptoWallet;
    /// <inheritdoc />
    public override int MaxLength => 90;
    /// <inheritdoc />
    protected override Regex Pattern => Regex();
    /// <inheritdoc />
    protected override ContextWords Context => Words;
    /// <inheritdoc />
    protected override double ContextBoost => 0.15;
    /// <inheritdoc />
    public override bool MayMatch(in TextFeatures features) => features.HasDigit;

    /// <inheritdoc />
    protected override double? Score(string text, Match match)
    {
        var value = match.ValueSpan;
        if (value.StartsWith("0x"))
            return Words.Near(text, match.Index, match.Index + match.Length) ? 0.45 : null;
        if (value.StartsWith("bc1", StringComparison.OrdinalIgnoreCase) || value.StartsWith("tb1", StringComparison.OrdinalIgnoreCase))
            return Checksums.Bech32(value) ? 0.9 : null;
        var payload = Checksums.Base58CheckPayload(value);
        return payload is { Length: 21 } && payload[0] is 0x00 or 0x05 or 0x6F or 0xC4 ? 0.9 : null;
    }

    /// <summary>
    /// The whole-text scan's matches, found from the only places one can start: a Base58 match is a whole run of
    /// 26-35 Base58 characters, so it contains an aligned block of eight of them (found by testing every eighth
    /// position's block, not every letter); a Bech32 or Ethereum match starts with "bc1"/"tb1" (either case) or "0x".
    /// The pattern, anchored with <c>\G</c>, is tried once at each such start, in order, skipping starts inside the
    /// previous match as a whole-text scan does.
    /// </summary>
    private protected override IEnumerable<Match> Candidates(string text)
    {
        var starts = new SortedSet<int>();
        var prefixes = Prefixes.Over(text);
        for (var at = prefixes.Next(0); at >= 0; at = prefixes.Next(at + 1))
            starts.Add(at);
        const int block = 8;
        var lastRunStart = -1;
        for (var b = 0; b + block <= text.Length; b += block)
        {
            if (text.AsSpan(b, block).IndexOfAnyExcept(Base58) >= 0)
                continue;
            var start = b;
            while (start > 0 && b - start <= 35 && Base58.Contains(text[start - 1]))
                start--;
            if (b - start > 35 || start == lastRunStart)
                continue; // a run longer than any match, or a run already seen
            lastRunStart = start;
            if (text[start] is '1' or '3' or 'm' or 'n' or '2') // a Base58 version character starts every such match
                starts.Add(start);
        }
        return AnchoredStarts.Matches(AtStart(), text, starts);
    }

    private static readonly PhraseSearch Prefixes = new(["bc1", "tb1", "BC1", "TB1", "0x"], StringComparison.Ordinal);

    private static readonly System.Buffers.SearchValues<char> Base58 =
        System.Buffers.SearchValues.Create("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz");

    /// <summary><see cref="Regex"/> anchored at the position it is tried from.</summary>
    [GeneratedRegex(@"\G(?<![\w])(?:[13mn2][1-9A-HJ-NP-Za-km-z]{25,34}|(?:bc|tb|BC|TB)1[02-9ac-hj-np-zAC-HJ-NP-Z]{6,87}|0x[0-9a-fA-F]{40})(?![\w])", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex AtStart();

    [GeneratedRegex(@"(?<![\w])(?:[13mn2][1-9A-HJ-NP-Za-km-z]{25,34}|(?:bc|tb|BC|TB)1[02-9ac-hj-np-zAC-HJ-NP-Z]{6,87}|0x[0-9a-fA-F]{40})(?![\w])", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Regex();
}
