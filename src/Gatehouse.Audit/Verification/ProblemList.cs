namespace Gatehouse.Audit.Verification;

/// <summary>Counts every problem but keeps only the first few in memory, so a wrecked log still reports quickly.</summary>
internal sealed class ProblemList(int cap)
{
    /// <summary>The problems kept, in the order found.</summary>
    public List<AuditProblem> Listed { get; } = [];

    /// <summary>Every problem found, kept or not.</summary>
    public int Count { get; private set; }

    /// <summary>Records a problem.</summary>
    public void Add(AuditProblemKind kind, long? index, string message)
    {
        Count++;
        if (Listed.Count < cap)
            Listed.Add(new AuditProblem(kind, index, message));
    }

    /// <summary>The lists one after another (the report's order: records, tree, payloads, checkpoints, witness), under one cap.</summary>
    public static ProblemList Concat(int cap, params ProblemList[] lists)
    {
        var all = new ProblemList(cap);
        foreach (var list in lists)
        {
            all.Listed.AddRange(list.Listed.Take(cap - all.Listed.Count));
            all.Count += list.Count;
        }
        return all;
    }
}
