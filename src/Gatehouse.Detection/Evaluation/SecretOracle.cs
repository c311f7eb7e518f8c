using System.Text.Json;

namespace Gatehouse.Detection.Evaluation;

/// <summary>One expected credential of a secrets-dev style oracle: a rule name and a value's place in a sample file.</summary>
public sealed record ExpectedSecret(string Rule, string File, int LineNumber, int ValueStart, int ValueEnd);

/// <summary>Recall of one oracle rule: how many of its expected values some secret finding covered.</summary>
public sealed record RuleRecall(string Rule, int Expected, int Found)
{
    /// <summary>Found / Expected.</summary>
    public double Recall => Expected == 0 ? 1 : (double)Found / Expected;
}

/// <summary>
/// Measures a scanner against the expected findings of another credential scanner (the secrets-dev fixtures'
/// <c>output.json</c>): a regression oracle, not ground truth, so only recall per rule is measured.
/// </summary>
public static class SecretOracle
{
    /// <summary>Loads the oracle; its <c>./tests/samples/…</c> paths are resolved against <paramref name="repositoryRoot"/> (the fixture folder).</summary>
    public static IReadOnlyList<ExpectedSecret> Load(string outputJson, string repositoryRoot)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(outputJson));
        var list = new List<ExpectedSecret>();
        foreach (var item in document.RootElement.EnumerateArray())
        {
            var rule = item.GetProperty("rule").GetString()!;
            foreach (var line in item.GetProperty("line_data_list").EnumerateArray())
            {
                var file = Path.GetFullPath(Path.Combine(repositoryRoot, line.GetProperty("path").GetString()!));
                list.Add(new ExpectedSecret(rule, file, line.GetProperty("line_num").GetInt32(),
                    line.GetProperty("value_start").GetInt32(), line.GetProperty("value_end").GetInt32()));
            }
        }
        return list;
    }

    /// <summary>Recall per rule for the rules in <paramref name="rules"/>; a value counts as found when a finding of a secret type overlaps it.</summary>
    public static IReadOnlyList<RuleRecall> Evaluate(ITextScanner scanner, IEnumerable<ExpectedSecret> expected, IReadOnlySet<string> rules, ISet<string>? secretTypes = null)
    {
        secretTypes ??= new HashSet<string>(EntityTypes.Secrets);
        var byFile = new Dictionary<string, (string[] Lines, int[] Starts, IReadOnlyList<Finding> Findings)>();
        var counts = new Dictionary<string, (int Expected, int Found)>();
        foreach (var e in expected.Where(e => rules.Contains(e.Rule)))
        {
            if (!byFile.TryGetValue(e.File, out var file))
            {
                var text = File.ReadAllText(e.File);
                var lines = text.Split('\n');
                var starts = new int[lines.Length];
                for (int i = 1; i < lines.Length; i++)
                    starts[i] = starts[i - 1] + lines[i - 1].Length + 1;
                file = (lines, starts, scanner.Scan(text));
                byFile[e.File] = file;
            }
            var (exp, found) = counts.GetValueOrDefault(e.Rule);
            exp++;
            if (e.LineNumber >= 1 && e.LineNumber <= file.Lines.Length)
            {
                var start = file.Starts[e.LineNumber - 1] + Math.Max(0, e.ValueStart);
                var end = file.Starts[e.LineNumber - 1] + Math.Max(e.ValueEnd, e.ValueStart + 1);
                if (file.Findings.Any(f => secretTypes.Contains(f.EntityType) && f.Start < end && start < f.End))
                    found++;
            }
            counts[e.Rule] = (exp, found);
        }
        return counts.Select(kv => new RuleRecall(kv.Key, kv.Value.Expected, kv.Value.Found)).OrderBy(r => r.Rule).ToList();
    }
}
