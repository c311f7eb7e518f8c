using System.Text.RegularExpressions;

namespace Gatehouse.Detection.Detectors;

/// <summary>Configuration of a detector defined by the operator rather than built in.</summary>
/// <param name="EntityType">The entity type reported, for example <c>EMPLOYEE_ID</c>.</param>
/// <param name="Pattern">The regex; a named group <c>v</c>, when present, marks the value inside the match.</param>
/// <param name="Score">Base score of a match.</param>
/// <param name="Validator">Optional validator name: luhn, mod97, aba, nhs, base58check, bech32.</param>
/// <param name="ContextWords">Words that raise the score by <paramref name="ContextBoost"/> when found nearby.</param>
/// <param name="ContextBoost">Score added when a context word is near.</param>
/// <param name="MaxLength">Longest value the pattern can match (the streaming hold-back).</param>
public sealed record CustomDetectorOptions(
    string EntityType,
    string Pattern,
    double Score = 0.8,
    string? Validator = null,
    IReadOnlyList<string>? ContextWords = null,
    double ContextBoost = 0.2,
    int MaxLength = 64);

/// <summary>
/// A detector built from <see cref="CustomDetectorOptions"/>. Operator-supplied patterns are compiled with the
/// non-backtracking engine, so a careless pattern cannot hang a request.
/// </summary>
public sealed class CustomDetector : PatternDetector
{
    private readonly CustomDetectorOptions _options;
    private readonly Regex _pattern;
    private readonly Func<string, bool>? _validator;
    private readonly ContextWords _context;

    /// <summary>Builds the detector; throws <see cref="ArgumentException"/> for an invalid pattern or unknown validator.</summary>
    public CustomDetector(CustomDetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        try
        {
            _pattern = new Regex(options.Pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw new ArgumentException($"custom detector {options.EntityType}: invalid pattern: {e.Message}", nameof(options), e);
        }
        if (options.Validator is not null)
            _validator = Checksums.ByName(options.Validator)
                ?? throw new ArgumentException($"custom detector {options.EntityType}: unknown validator '{options.Validator}'", nameof(options));
        _context = new ContextWords([.. options.ContextWords ?? []]);
    }

    /// <inheritdoc />
    public override string Id => "custom:" + _options.EntityType;
    /// <inheritdoc />
    public override string EntityType => _options.EntityType;
    /// <inheritdoc />
    public override int MaxLength => _options.MaxLength;
    /// <inheritdoc />
    protected override Regex Pattern => _pattern;
    /// <inheritdoc />
    protected override ContextWords Context => _context;
    /// <inheritdoc />
    protected override double ContextBoost => _options.ContextBoost;
    /// <inheritdoc />
    public override bool MayMatch(in TextFeatures features) => true;

    /// <inheritdoc />
    protected override double? Score(string text, Match match)
    {
        var value = match.Groups["v"].Success ? match.Groups["v"].Value : match.Value;
        return _validator is null || _validator(value) ? _options.Score : null;
    }
}
