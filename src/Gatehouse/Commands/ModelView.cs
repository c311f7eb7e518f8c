using System.Text.Json;
using Gatehouse.Governance.Models.Cards;
using Gatehouse.Governance.Models.Registry;

namespace Gatehouse.Cli.Commands;

/// <summary>How <c>model list</c> and <c>model show</c> present registered models, as text and as JSON.</summary>
internal static class ModelView
{
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public sealed record SummaryView(string Name, string Version, string? Base, string Registrant, DateTimeOffset RegisteredAt,
        bool Approved, int WeightFiles, int Datasets, bool Card);

    public sealed record DetailView(SummaryView Model, IReadOnlyList<string> Lineage, IReadOnlyList<WeightFile> Weights,
        IReadOnlyList<DatasetRecord> Datasets, CardView? Card, IReadOnlyList<Approval> Approvals);

    public sealed record CardView(string Path, string Sha256, bool Complete, IReadOnlyList<string> Problems);

    public static SummaryView Summary(RegisteredModel m) => new(m.Reference.Name, m.Reference.Version, m.Base?.ToString(),
        m.Registrant, m.RegisteredAt, m.IsApproved, m.Weights.Count, m.Datasets.Count, m.Card is not null);

    public static DetailView Detail(IReadOnlyList<RegisteredModel> lineage)
    {
        var m = lineage[0];
        return new DetailView(Summary(m), lineage.Select(l => l.Reference.ToString()).ToList(), m.Weights, m.Datasets, Card(m.Card), m.Approvals);
    }

    public static void WriteTable(TextWriter output, IReadOnlyList<RegisteredModel> models)
    {
        if (models.Count == 0)
        {
            output.WriteLine("no models registered (see 'gatehouse model register --help')");
            return;
        }
        string[] header = ["NAME", "VERSION", "BASE", "REGISTRANT", "REGISTERED (UTC)", "APPROVED", "WEIGHTS", "DATASETS"];
        var rows = models.Select(m => new[]
        {
            m.Reference.Name, m.Reference.Version, m.Base?.ToString() ?? "-", m.Registrant, m.RegisteredAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm"),
            m.IsApproved ? "yes" : "no", m.Weights.Count.ToString(), m.Datasets.Count.ToString(),
        }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        output.WriteLine(string.Join("  ", header.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
        foreach (var row in rows)
            output.WriteLine(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
    }

    public static void WriteDetail(TextWriter output, IReadOnlyList<RegisteredModel> lineage)
    {
        var m = lineage[0];
        output.WriteLine($"{m.Reference}");
        output.WriteLine($"  registrant:  {m.Registrant}");
        output.WriteLine($"  registered:  {m.RegisteredAt:O}");
        output.WriteLine($"  lineage:     {string.Join(" <- ", lineage.Select(l => l.Reference + (l.IsApproved ? " (approved)" : "")))}");
        output.WriteLine($"  approved:    {(m.IsApproved ? "yes" : "no")}");
        foreach (var a in m.Approvals)
            output.WriteLine($"    by {a.Approver} at {a.ApprovedAt:O}{(a.Note is null ? "" : $": {a.Note}")}");
        output.WriteLine($"  weights:     {m.Weights.Count} file(s)");
        foreach (var w in m.Weights)
            output.WriteLine($"    sha256 {w.Sha256}  {w.SizeBytes,14:N0} B  {w.Path}");
        output.WriteLine($"  datasets:    {m.Datasets.Count}");
        foreach (var d in m.Datasets)
            output.WriteLine($"    {d.Name ?? "(unnamed)"}{(d.Version is null ? "" : "@" + d.Version)}  manifest sha256 {d.ManifestSha256}  {d.ManifestPath}" +
                $"  verification: {(d.StatementPath is null ? "none recorded" : "sha256 " + d.StatementSha256)}");
        if (Card(m.Card) is not { } card)
        {
            output.WriteLine("  card:        none");
            return;
        }
        output.WriteLine($"  card:        {card.Path} ({(card.Complete ? "complete" : $"{card.Problems.Count} problem(s)")})");
        foreach (var problem in card.Problems)
            output.WriteLine($"    {problem}");
    }

    private static CardView? Card(StoredCard? card)
    {
        if (card is null)
            return null;
        try
        {
            var result = ModelCardValidator.Validate(ModelCardParser.Parse(card.Text, card.Path));
            return new CardView(card.Path, card.Sha256, result.IsComplete, result.Problems.Select(p => p.ToString()).ToList());
        }
        catch (Gatehouse.Governance.Models.ModelGovernanceException e)
        {
            return new CardView(card.Path, card.Sha256, false, [e.Message]);
        }
    }
}
