using System.Text.RegularExpressions;

namespace Gatehouse.Detection.Detectors;

/// <summary>E-mail addresses: an RFC 5321-shaped local part and a domain with a letter-only top-level label.</summary>
public sealed partial class EmailDetector : PatternDetector
{
    private static readonly ContextWords Words = new("email", "e-mail", "mail", "contact", "address", "reach");

    /// <inheritdoc />
    public override string Id => "email";
    /// <inheritdoc />
    public override string EntityType => Detection.EntityTypes.Email;
    /// <inheritdoc />
    public override int MaxLength => 254;
    /// <inheritdoc />
    protected override Regex Pattern => Regex();
    private static readonly AnchoredPattern AnchoredRegex = new(Regex(), System.Buffers.SearchValues.Create("@"), 68, 605);
    /// <inheritdoc />
    private protected override AnchoredPattern Anchored => AnchoredRegex;
    /// <inheritdoc />
    protected override ContextWords Context => Words;
    /// <inheritdoc />
    protected override double ContextBoost => 0.05;
    /// <inheritdoc />
    public override bool MayMatch(in TextFeatures features) => features.HasAt;

    /// <inheritdoc />
    protected override double? Score(string text, Match match)
    {
        var at = match.Value.IndexOf('@');
        var local = match.Value.AsSpan(0, at);
        if (local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
            return null;
        return 0.9;
    }

    [GeneratedRegex(@"(?<![\w.%+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}(?![\w-])", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Regex();
}
