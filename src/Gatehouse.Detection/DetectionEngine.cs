using System.Diagnostics;
using System.Text.RegularExpressions;
using Gatehouse.Detection.Detectors;
using Gatehouse.Detection.Normalization;

namespace Gatehouse.Detection;

/// <summary>
/// The composite scanner: normalizes text, runs every enabled detector whose prefilter passes, maps findings back to
/// original offsets, drops those under the minimum score and resolves overlaps (higher score, then longer span, wins).
/// Immutable after construction and safe to share between threads.
/// </summary>
public sealed class DetectionEngine : ITextScanner
{
    private readonly IDetector[] _detectors;
    private readonly DetectionOptions _options;

    /// <summary>Builds an engine from explicit detectors (tests, special pipelines).</summary>
    public DetectionEngine(IEnumerable<IDetector> detectors, DetectionOptions? options = null)
    {
        _options = options ?? new DetectionOptions();
        var enabled = _options.EnabledEntityTypes;
        _detectors = detectors.Where(d => enabled is null || d.EntityTypes.Any(enabled.Contains)).ToArray();
        MaxMatchLength = _detectors.Length == 0 ? 0 : _detectors.Max(d => d.MaxLength);
    }

    /// <summary>Builds the default engine: every built-in detector plus the configured custom ones.</summary>
    /// <exception cref="ArgumentException">A custom detector's pattern or validator is invalid.</exception>
    public static DetectionEngine Create(DetectionOptions? options = null)
    {
        options ??= new DetectionOptions();
        EngineWarmUp.EnsureDone();
        return new DetectionEngine(BuiltInDetectors.All().Concat(options.CustomDetectors.Select(c => new CustomDetector(c))), options);
    }

    /// <summary>The detectors this engine runs.</summary>
    public IReadOnlyList<IDetector> Detectors => _detectors;

    /// <summary>The options the engine was built with.</summary>
    public DetectionOptions Options => _options;

    /// <summary>The longest value any enabled detector reports (the streaming hold-back bound).</summary>
    public int MaxMatchLength { get; }

    /// <inheritdoc />
    /// <exception cref="DetectionException">A detector failed or the time budget ran out: treat as a block.</exception>
    public IReadOnlyList<Finding> Scan(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > _options.MaxTextLength)
            throw new DetectionException($"text of {text.Length} characters exceeds the {_options.MaxTextLength} character limit");
        if (text.Length == 0)
            return [];
        var normalized = TextNormalizer.Normalize(text);
        var features = TextFeatures.Of(normalized.Text);
        var candidates = new List<Finding>();
        var started = Stopwatch.GetTimestamp();
        foreach (var detector in _detectors)
        {
            if (!detector.MayMatch(features))
                continue;
            try
            {
                detector.Detect(normalized.Text, candidates);
            }
            catch (RegexMatchTimeoutException e)
            {
                throw new DetectionException($"detector {detector.Id} timed out", detector.Id, e);
            }
            catch (Exception e) when (e is not DetectionException)
            {
                throw new DetectionException($"detector {detector.Id} failed: {e.Message}", detector.Id, e);
            }
            if (Stopwatch.GetElapsedTime(started) > _options.TimeBudget)
                throw new DetectionException($"scan exceeded its time budget of {_options.TimeBudget.TotalMilliseconds} ms at detector {detector.Id}", detector.Id);
        }
        return Resolve(candidates, normalized);
    }

    private IReadOnlyList<Finding> Resolve(List<Finding> candidates, NormalizedText normalized)
    {
        // Most short texts (one chat message, one dataset cell) have no candidate at all: skip the lists and the bit
        // array, which were a large part of the per-call cost on such texts (issue #6).
        if (candidates.Count == 0)
            return [];
        var enabled = _options.EnabledEntityTypes;
        var kept = new List<(Finding Finding, int Order)>(candidates.Count);
        foreach (var f in candidates)
            if (f.Score >= _options.MinimumScore && (enabled is null || enabled.Contains(f.EntityType)) && f.End > f.Start)
                kept.Add((f, kept.Count));
        // Highest score first, then longest, then leftmost; the detection order breaks the remaining ties, which makes
        // the in-place sort give the order a stable sort would (without LINQ's key arrays and enumerators).
        kept.Sort(static (a, b) =>
        {
            var c = b.Finding.Score.CompareTo(a.Finding.Score);
            if (c == 0)
                c = b.Finding.Length.CompareTo(a.Finding.Length);
            if (c == 0)
                c = a.Finding.Start.CompareTo(b.Finding.Start);
            return c != 0 ? c : a.Order.CompareTo(b.Order);
        });
        // Greedy by priority; a bit per character of the normalized text records what is taken, so resolution stays
        // linear in the covered length however many candidates a hostile input produces.
        var chosen = new List<Finding>(kept.Count);
        var taken = new System.Collections.BitArray(normalized.Text.Length);
        foreach (var (finding, _) in kept)
        {
            var overlaps = false;
            for (var i = finding.Start; i < finding.End && !overlaps; i++)
                overlaps = taken[i];
            if (overlaps)
                continue;
            for (var i = finding.Start; i < finding.End; i++)
                taken[i] = true;
            chosen.Add(finding);
        }
        var result = new List<Finding>(chosen.Count);
        // Chosen findings never overlap, so no two share a start and the in-place sort is as good as a stable one.
        chosen.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        foreach (var f in MergeAddressParts(chosen, normalized.Text))
        {
            var (start, end) = normalized.ToOriginal(f.Start, f.End);
            result.Add(normalized.IsIdentity ? f : f with { Start = start, End = end });
        }
        return result;
    }

    /// <summary>
    /// Street-address pieces found one after the other ("Billeveien 122", "Apt. 813") with only spaces, commas or line
    /// breaks between them are one address: reported, and so transformed, as one finding.
    /// </summary>
    private static IEnumerable<Finding> MergeAddressParts(IEnumerable<Finding> ordered, string text)
    {
        Finding? pending = null;
        foreach (var f in ordered)
        {
            if (pending is { } p && p.EntityType == EntityTypes.StreetAddress && f.EntityType == EntityTypes.StreetAddress
                && f.Start - p.End <= 4 && text.AsSpan(p.End, f.Start - p.End).IndexOfAnyExcept(" \t\r\n,") < 0)
            {
                pending = p with { End = f.End, Score = Math.Max(p.Score, f.Score) };
                continue;
            }
            if (pending is { } done)
                yield return done;
            pending = f;
        }
        if (pending is { } last)
            yield return last;
    }
}
