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

    /// <summary>
    /// A match can start only at the first character of the run of local-part characters right before an <c>@</c>
    /// (a later start has a local-part character before it, which the look-behind rejects), so the pattern is tried
    /// once per <c>@</c>, anchored there, instead of at every letter of the text. A start inside the previous match
    /// is skipped, as a whole-text scan resumes after each match.
    /// </summary>
    private protected override IEnumerable<Match> Candidates(string text) => AnchoredStarts.Matches(AtStart(), text, LocalPartStarts(text));

    private static IEnumerable<int> LocalPartStarts(string text)
    {
        for (var at = text.IndexOf('@'); at >= 0; at = at + 1 < text.Length ? text.IndexOf('@', at + 1) : -1)
        {
            var start = at;
            while (start > 0 && at - start <= 64 && IsLocalPartChar(text[start - 1]))
                start--;
            if (start < at)
                yield return start;
        }
    }

    private static bool IsLocalPartChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '%' or '+' or '-';
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

    /// <summary><see cref="Regex"/> anchored at the position the match is tried from.</summary>
    [GeneratedRegex(@"\G(?<![\w.%+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}(?![\w-])", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex AtStart();
}
