using System.Text.RegularExpressions;

namespace Gatehouse.Detection.Detectors;

/// <summary>
/// The common shape of most detectors: a bounded regex proposes candidates, <see cref="Score"/> validates each
/// (returning null to reject) and context words near it raise the score.
/// </summary>
public abstract class PatternDetector : IDetector
{
    /// <inheritdoc />
    public abstract string Id { get; }

    /// <summary>The entity type reported.</summary>
    public abstract string EntityType { get; }

    /// <inheritdoc />
    public IReadOnlyCollection<string> EntityTypes => [EntityType];

    /// <inheritdoc />
    public abstract int MaxLength { get; }

    /// <summary>The candidate pattern. Must be linear-time (bounded quantifiers, no nested repetition).</summary>
    protected abstract Regex Pattern { get; }

    /// <summary>Words that raise the score when found near a candidate.</summary>
    protected virtual ContextWords Context => ContextWords.None;

    /// <summary>How much nearby context adds to the score.</summary>
    protected virtual double ContextBoost => 0.35;

    /// <inheritdoc />
    public abstract bool MayMatch(in TextFeatures features);

    /// <summary>Validates a candidate and returns its base score, or null to reject it.</summary>
    protected abstract double? Score(string text, Match match);

    /// <summary>The span of the value inside the match (the whole match unless overridden, e.g. a named group).</summary>
    protected virtual (int Start, int End) ValueSpan(Match match)
    {
        var value = match.Groups["v"];
        return value.Success ? (value.Index, value.Index + value.Length) : (match.Index, match.Index + match.Length);
    }

    /// <summary>
    /// True for detectors whose base score alone never reaches a reporting threshold: when none of their context words
    /// occurs anywhere in the text, the pattern is not run at all.
    /// </summary>
    protected virtual bool RequiresContext => false;

    /// <summary>
    /// Where the pattern needs to run: null for the whole text, or windows around the characters every match contains
    /// (see <see cref="AnchoredPattern"/> for what must hold). Created once per detector instance.
    /// </summary>
    private protected virtual AnchoredPattern? Anchored => null;

    /// <summary>
    /// The pattern's matches in <paramref name="text"/>, exactly as a whole-text scan finds them; a detector may find
    /// them faster from positions only it knows (the local part before each <c>@</c>).
    /// </summary>
    private protected virtual IEnumerable<Match> Candidates(string text)
    {
        var anchored = Anchored;
        return anchored is null ? Pattern.Matches(text) : anchored.Matches(text);
    }

    /// <inheritdoc />
    public void Detect(string text, List<Finding> sink)
    {
        if (RequiresContext && !Context.AnyIn(text))
            return;
        foreach (var match in Candidates(text))
        {
            var score = Score(text, match);
            if (score is null)
                continue;
            var (start, end) = ValueSpan(match);
            var value = score.Value;
            if (!Context.IsEmpty && Context.Near(text, start, end))
                value = Math.Min(1.0, value + ContextBoost);
            sink.Add(new Finding(EntityType, start, end, Math.Round(value, 2), Id));
        }
    }
}
