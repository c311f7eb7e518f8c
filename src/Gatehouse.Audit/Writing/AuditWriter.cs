using Gatehouse.Audit.Checkpoints;
using Gatehouse.Audit.Merkle;
using Gatehouse.Audit.Payloads;
using Gatehouse.Audit.Storage;

namespace Gatehouse.Audit.Writing;

/// <summary>
/// The single writer. Appenders enqueue operations; one loop drains whatever is waiting (up to
/// <see cref="AuditOptions.MaxBatchSize"/>) into one transaction, commits it with one fsync, and only then completes
/// every operation in it (group commit). If a commit fails, the tree state is rolled back and every operation in the
/// batch fails; nothing is acknowledged that is not on disk.
/// The loop runs on a thread of its own and blocks on the queue and on fsync: on the thread pool its wake-up waited
/// behind the very requests it was holding up, and each blocking fsync took a pool thread away from them.
/// </summary>
internal sealed class AuditWriter : IAsyncDisposable
{
    private readonly IAuditStore _store;
    private readonly NoteSigner _signer;
    private readonly Commitments _commitments;
    private readonly AuditOptions _options;
    private readonly WriteQueue _queue = new();
    private readonly Thread _loop;
    private readonly CancellationTokenSource _stopTimer = new();
    private readonly Task _timer;
    private MerkleFrontier _frontier;
    private long _checkpointedSize;
    private long _committedSize;

    public AuditWriter(IAuditStore store, NoteSigner signer, Commitments commitments, AuditOptions options)
    {
        _store = store;
        _signer = signer;
        _commitments = commitments;
        _options = options;
        var size = store.TreeSize();
        using (var nodes = store.OpenNodeReader())
        {
            _frontier = MerkleFrontier.Load(nodes, size);
            RequireStoredTreeMatchesLatestCheckpoint(store, nodes, size);
        }
        _committedSize = size;
        _checkpointedSize = store.LatestCheckpoint()?.Size ?? -1;
        _loop = new Thread(Run) { IsBackground = true, Name = "audit writer" };
        _loop.Start();
        _timer = Task.Run(TickAsync);
    }

    /// <summary>The number of durably committed records.</summary>
    public long CommittedSize => Interlocked.Read(ref _committedSize);

    /// <summary>
    /// Refuses to extend a log whose stored tree no longer reaches the root of its own latest signed checkpoint:
    /// signing on top of a tampered tree would launder the tampering. An O(log n) check.
    /// </summary>
    private void RequireStoredTreeMatchesLatestCheckpoint(IAuditStore store, IMerkleNodeSource nodes, long size)
    {
        if (store.LatestCheckpoint() is not { } latest)
            return;
        Checkpoint checkpoint;
        try
        {
            checkpoint = Checkpoint.Open(latest.Note, _signer.Verifier, _signer.Name);
        }
        catch (NoteFormatException e)
        {
            throw new AuditStoreException($"the latest stored checkpoint does not verify ({e.Message}); run `gatehouse audit verify`", e);
        }
        if (checkpoint.Size > size || !MerkleProofs.Root(nodes, checkpoint.Size).AsSpan().SequenceEqual(checkpoint.RootHash))
            throw new AuditStoreException($"the stored tree no longer matches the latest signed checkpoint (size {checkpoint.Size}); refusing to extend a tampered log; run `gatehouse audit verify`");
    }

    /// <summary>Queues <paramref name="work"/> for the next batch; the task completes after its commit.</summary>
    public Task<long> Enqueue(Func<BatchContext, long> work)
    {
        var operation = new WriteOperation(work);
        if (!_queue.TryAdd(operation))
            throw new ObjectDisposedException("AuditLog", "the audit log is closed");
        return operation.Completion;
    }

    private void Run()
    {
        var batch = new List<WriteOperation>();
        // Take blocks until an operation arrives; everything queued behind it joins the same batch.
        while (_queue.Take() is { } first)
        {
            batch.Clear();
            batch.Add(first);
            while (batch.Count < _options.MaxBatchSize && _queue.TryTake(out var operation))
                batch.Add(operation);
            Commit(batch);
        }
    }

    private void Commit(List<WriteOperation> batch)
    {
        var before = _frontier.Clone();
        var checkpointedBefore = _checkpointedSize;
        try
        {
            using (var transaction = _store.BeginBatch())
            {
                CatchUpWithOtherWriters(transaction);
                var context = new BatchContext(transaction, _frontier, _commitments, _options.Clock.GetUtcNow());
                foreach (var operation in batch)
                    operation.Run(context);
                var newRecords = _frontier.Size - Math.Max(_checkpointedSize, 0);
                if (_frontier.Size > _checkpointedSize && (context.CheckpointRequested || newRecords >= _options.CheckpointEveryRecords))
                {
                    transaction.InsertCheckpoint(_frontier.Size, new Checkpoint(_signer.Name, _frontier.Size, _frontier.Root()).Sign(_signer), context.Now);
                    _checkpointedSize = _frontier.Size;
                }
                transaction.Commit();
            }
            Interlocked.Exchange(ref _committedSize, _frontier.Size);
            foreach (var operation in batch)
                operation.Complete();
        }
        catch (Exception error)
        {
            _frontier = before;
            _checkpointedSize = checkpointedBefore;
            foreach (var operation in batch)
                operation.Fail(error);
        }
    }

    /// <summary>
    /// Another process (the CLI's <c>keys create</c> or <c>model approve</c> while the gateway runs) may have appended
    /// since this writer's last commit. The batch holds SQLite's write lock (BEGIN IMMEDIATE), so the stored size read
    /// now cannot move under us; when it differs from ours, reload the frontier and checkpoint state from the store
    /// and append after the other writer's records instead of colliding with their indexes. The store says cheaply
    /// whether anyone else committed at all, so the usual batch reads nothing.
    /// </summary>
    private void CatchUpWithOtherWriters(IAuditBatch transaction)
    {
        if (!transaction.OthersCommitted())
            return;
        var stored = transaction.TreeSize();
        if (stored == _frontier.Size)
            return;
        using (var nodes = _store.OpenNodeReader())
            _frontier = MerkleFrontier.Load(nodes, stored);
        _checkpointedSize = _store.LatestCheckpoint()?.Size ?? -1;
    }

    /// <summary>Asks for a checkpoint every interval; the writer signs one only if the tree grew.</summary>
    private async Task TickAsync()
    {
        using var timer = new PeriodicTimer(_options.CheckpointInterval, _options.Clock);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopTimer.Token).ConfigureAwait(false))
                _ = Enqueue(RequestCheckpoint);
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>An operation that only asks for a checkpoint; its result is the tree size.</summary>
    public static long RequestCheckpoint(BatchContext context)
    {
        context.CheckpointRequested = true;
        return context.Frontier.Size;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopTimer.CancelAsync().ConfigureAwait(false);
        await _timer.ConfigureAwait(false);
        // A final checkpoint so that a cleanly closed log is fully covered by a signature.
        var last = Enqueue(RequestCheckpoint);
        _queue.Complete();
        _loop.Join();
        // An append that raced with the close may have slipped in after the loop's last look: fail it, never strand it.
        while (_queue.TryTake(out var orphan))
            orphan.Fail(new ObjectDisposedException("AuditLog", "the audit log is closed"));
        try
        {
            await last.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The close itself must not throw; a failed final checkpoint leaves the tail unsigned, which verify reports.
        }
        _stopTimer.Dispose();
        _queue.Dispose();
    }
}
