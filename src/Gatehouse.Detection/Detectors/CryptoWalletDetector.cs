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

    [GeneratedRegex(@"(?<![\w])(?:[13mn2][1-9A-HJ-NP-Za-km-z]{25,34}|(?:bc|tb|BC|TB)1[02-9ac-hj-np-zAC-HJ-NP-Z]{6,87}|0x[0-9a-fA-F]{40})(?![\w])", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Regex();
}
