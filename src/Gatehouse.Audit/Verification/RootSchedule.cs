using Gatehouse.Audit.Checkpoints;
using Gatehouse.Audit.Merkle;
using Gatehouse.Audit.Storage;

namespace Gatehouse.Audit.Verification;

/// <summary>
/// The signed roots a verification pass must reproduce: every stored checkpoint (signature checked up front) and the
/// optional witness, each compared with the rebuilt tree's root at the moment the tree reaches its size, so the pass
/// never has to keep or revisit the tree. Problems are reported in the order of the stored checkpoints, as a pass
/// over a finished tree would.
/// </summary>
internal sealed class RootSchedule
{
    private readonly List<Target> _targets = [];
    private readonly (AuditProblemKind Kind, long? Index, string Message)?[] _outcomes;
    private readonly int _witnessSlot = -1;
    private int _next;
    private long _nextSize = -1;
    private long _lastGood;

    /// <summary>Opens every checkpoint (bad signatures are reported at once) and orders the roots to check by size.</summary>
    public RootSchedule(IEnumerable<StoredCheckpoint> stored, string? witnessNote, NoteVerifierKey logKey, string origin)
    {
        var slots = new List<(AuditProblemKind, long?, string)?>();
        foreach (var row in stored)
        {
            slots.Add(null);
            try
            {
                var checkpoint = Checkpoint.Open(row.Note, logKey, origin);
                if (checkpoint.Size != row.Size)
                    slots[^1] = (AuditProblemKind.CheckpointInvalid, null, $"stored checkpoint row for size {row.Size} holds a checkpoint of size {checkpoint.Size}");
                else
                    _targets.Add(new Target(checkpoint, slots.Count - 1, Witness: false));
            }
            catch (NoteFormatException e)
            {
                slots[^1] = (AuditProblemKind.CheckpointInvalid, null, $"stored checkpoint for size {row.Size} does not verify: {e.Message}");
            }
        }
        if (witnessNote is not null)
        {
            slots.Add(null);
            _witnessSlot = slots.Count - 1;
            try
            {
                _targets.Add(new Target(Checkpoint.Open(witnessNote, logKey, origin), _witnessSlot, Witness: true));
            }
            catch (NoteFormatException e)
            {
                slots[^1] = (AuditProblemKind.WitnessMismatch, null, $"witness checkpoint is not this log's: {e.Message}");
            }
        }
        _outcomes = [.. slots];
        // Stable by size: stored checkpoints come ordered by size already, and the witness goes after any of its size.
        _targets = [.. _targets.OrderBy(t => t.Checkpoint.Size)];
        _nextSize = _targets.Count > 0 ? _targets[0].Checkpoint.Size : -1;
    }

    /// <summary>Stored checkpoints whose signature and root both verified.</summary>
    public int Verified { get; private set; }

    /// <summary>The size of the newest verified stored checkpoint, or -1.</summary>
    public long Latest { get; private set; } = -1;

    /// <summary>Whether the witness was given and matched.</summary>
    public bool WitnessOk { get; private set; }

    /// <summary>Problems with the stored checkpoints, in their order (complete after <see cref="Finish"/>).</summary>
    public ProblemList Problems => Collect(witness: false);

    /// <summary>The witness's problem, if any (complete after <see cref="Finish"/>).</summary>
    public ProblemList WitnessProblems => Collect(witness: true);

    /// <summary>Checks every root due at the tree's current size; called after each leaf, so the common case is one comparison.</summary>
    public void ReachedSize(CompactHashStack tree)
    {
        if (tree.Size != _nextSize)
            return;
        Span<byte> root = stackalloc byte[Rfc6962.HashSize];
        tree.Root(root);
        for (; _next < _targets.Count && _targets[_next].Checkpoint.Size == tree.Size; _next++)
            Settle(_targets[_next], root.SequenceEqual(_targets[_next].Checkpoint.RootHash));
        _nextSize = _next < _targets.Count ? _targets[_next].Checkpoint.Size : -1;
    }

    /// <summary>Every root not reached by a tree of <paramref name="treeSize"/> leaves covers records that are gone.</summary>
    public void Finish(long treeSize)
    {
        for (; _next < _targets.Count; _next++)
        {
            var target = _targets[_next];
            var what = Describe(target);
            _outcomes[target.Slot] = (AuditProblemKind.LogTruncated, treeSize,
                $"{what} covers {target.Checkpoint.Size} records but the log holds {treeSize}: records [{treeSize}, {target.Checkpoint.Size}) were removed");
        }
    }

    private void Settle(Target target, bool matches)
    {
        if (target.Witness)
        {
            WitnessOk = matches;
            if (!matches)
                _outcomes[target.Slot] = (AuditProblemKind.WitnessMismatch, 0, $"{Describe(target)} does not match the records: something in records [0, {target.Checkpoint.Size}) was altered");
            return;
        }
        if (!matches)
        {
            _outcomes[target.Slot] = (AuditProblemKind.CheckpointRootMismatch, _lastGood,
                $"{Describe(target)} does not match the records: something in records [{_lastGood}, {target.Checkpoint.Size}) was altered");
            return;
        }
        Verified++;
        Latest = target.Checkpoint.Size;
        _lastGood = target.Checkpoint.Size;
    }

    private static string Describe(Target target) =>
        $"{(target.Witness ? "witness" : "signed")} checkpoint of size {target.Checkpoint.Size}";

    private ProblemList Collect(bool witness)
    {
        var list = new ProblemList(int.MaxValue);
        for (var slot = 0; slot < _outcomes.Length; slot++)
        {
            if ((slot == _witnessSlot) == witness && _outcomes[slot] is { } outcome)
                list.Add(outcome.Kind, outcome.Index, outcome.Message);
        }
        return list;
    }

    private sealed record Target(Checkpoint Checkpoint, int Slot, bool Witness);
}
