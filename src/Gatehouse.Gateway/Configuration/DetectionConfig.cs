using Gatehouse.Detection.Detectors;

namespace Gatehouse.Gateway.Configuration;

/// <summary>The <c>detection</c> section: what the detect stage and the output guard look for.</summary>
/// <param name="Enabled">False turns detection off (requests and answers pass unscanned; the audit records no findings).</param>
/// <param name="EntityTypes">Entity types to report; null means every built-in and custom type.</param>
/// <param name="MinimumScore">Findings scoring below this are ignored.</param>
/// <param name="TimeBudget">Longest one scan may take; past it the request fails closed.</param>
/// <param name="CustomDetectors">Operator-defined detectors (regex, validator, context words, score).</param>
/// <param name="HashKeyFile">HMAC key file for the hash action; null means <c>detection-hash.key</c> in the data directory.</param>
/// <param name="EncryptionKeyFile">AES-256 key file for the encrypt action; null means <c>detection-encryption.key</c> in the data directory.</param>
public sealed record DetectionConfig(
    bool Enabled,
    IReadOnlySet<string>? EntityTypes,
    double MinimumScore,
    TimeSpan TimeBudget,
    IReadOnlyList<CustomDetectorOptions> CustomDetectors,
    string? HashKeyFile,
    string? EncryptionKeyFile)
{
    /// <summary>Every built-in detector, default threshold and budget, keys in the data directory.</summary>
    public static DetectionConfig Default { get; } = new(true, null, 0.5, TimeSpan.FromSeconds(2), [], null, null);
}
