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
    /// Every match starts, at a word start, with a Base58 version character followed by 25 more Base58 characters,
    /// "bc1"/"tb1" (either case) or "0x". Only those positions open a window; a word that merely starts with m, n, b
    /// or t (most of them in prose) no longer costs a regex attempt that reads up to 35 characters.
    /// </summary>
    private static readonly AnchoredPattern AnchoredRegex = new(Regex(), System.Buffers.SearchValues.Create("123mnbtBT0"), 2, 92, IsStart);

    /// <inheritdoc />
    private protected override AnchoredPattern Anchored => AnchoredRegex;

    private static bool IsStart(string text, int i)
    {
        // The look-behind (?<!\w): an ASCII word character before rules the position out; anything else is left to the regex.
        if (i > 0 && (char.IsAsciiLetterOrDigit(text[i - 1]) || text[i - 1] == '_'))
            return false;
        var rest = text.AsSpan(i);
        return text[i] switch
        {
            '0' => rest.StartsWith("0x"),
            'b' or 't' or 'B' or 'T' => rest.Length >= 3 && rest[2] == '1' && (rest.StartsWith("bc") || rest.StartsWith("tb") || rest.StartsWith("BC") || rest.StartsWith("TB")),
            _ => rest.Length >= 26 && rest[1..26].IndexOfAnyExcept(Base58) < 0,
        };
    }

    private static readonly System.Buffers.SearchValues<char> Base58 =
        System.Buffers.SearchValues.Create("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz");

    [GeneratedRegex(@"(?<![\w])(?:[13mn2][1-9A-HJ-NP-Za-km-z]{25,34}|(?:bc|tb|BC|TB)1[02-9ac-hj-np-zAC-HJ-NP-Z]{6,87}|0x[0-9a-fA-F]{40})(?![\w])", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Regex();
}
