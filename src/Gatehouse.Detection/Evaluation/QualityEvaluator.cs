namespace Gatehouse.Detection.Evaluation;

/// <summary>Precision, recall and F1 of one entity type.</summary>
public sealed record EntityScore(string EntityType, int TruePositives, int FalsePositives, int FalseNegatives)
{
    /// <summary>TP / (TP + FP); 1 when nothing was predicted.</summary>
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);
    /// <summary>TP / (TP + FN); 1 when nothing was expected.</summary>
    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);
    /// <summary>Harmonic mean of precision and recall.</summary>
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}

/// <summary>
/// Scores a scanner against labelled samples. A prediction counts as a true positive when it has the gold span's type
/// and covers at least half of the gold span while not being more than twice its length (so a number found with a
/// trailing extension still counts, a whole paragraph does not). Types absent from the labels are not scored.
/// </summary>
public sealed class QualityEvaluator(ITextScanner scanner)
{
    /// <summary>Scores every type that occurs in the labels; also returns the false positives for inspection.</summary>
    public IReadOnlyDictionary<string, EntityScore> Evaluate(IEnumerable<LabelledSample> samples, List<(string Text, Finding Finding)>? falsePositives = null,
        List<(string Text, LabelledSpan Span)>? misses = null)
    {
        var list = samples.ToList();
        var scored = list.SelectMany(s => s.Spans).Select(s => s.EntityType).ToHashSet();
        var counts = scored.ToDictionary(t => t, _ => new int[3]);
        foreach (var sample in list)
        {
            var predictions = scanner.Scan(sample.Text).Where(f => scored.Contains(f.EntityType)).ToList();
            var matched = new bool[predictions.Count];
            foreach (var gold in sample.Spans)
            {
                var hit = predictions.FindIndex(p => p.EntityType == gold.EntityType && Matches(p, gold));
                if (hit >= 0)
                {
                    counts[gold.EntityType][0]++;
                    matched[hit] = true;
                }
                else
                {
                    counts[gold.EntityType][2]++;
                    misses?.Add((sample.Text, gold));
                }
            }
            for (var i = 0; i < predictions.Count; i++)
            {
                if (matched[i] || sample.Spans.Any(g => g.EntityType == predictions[i].EntityType && Matches(predictions[i], g)))
                    continue;
                counts[predictions[i].EntityType][1]++;
                falsePositives?.Add((sample.Text, predictions[i]));
            }
        }
        return counts.ToDictionary(kv => kv.Key, kv => new EntityScore(kv.Key, kv.Value[0], kv.Value[1], kv.Value[2]));
    }

    private static bool Matches(Finding p, LabelledSpan gold)
    {
        var overlap = Math.Min(p.End, gold.End) - Math.Max(p.Start, gold.Start);
        var goldLength = gold.End - gold.Start;
        return overlap * 2 >= goldLength && p.Length <= 2 * goldLength + 2;
    }
}
