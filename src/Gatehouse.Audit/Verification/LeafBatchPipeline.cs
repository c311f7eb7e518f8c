using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Gatehouse.Audit.Storage;

namespace Gatehouse.Audit.Verification;

/// <summary>
/// Feeds the verifier hashed batches in log order while the store is read ahead: one thread reads the store
/// sequentially (SQLite reads cannot be split) while the consumer's thread hashes the previous batch and folds it into
/// the tree, which splits the work about evenly over two cores. With more cores, a batch's leaves are hashed in
/// parallel too. A fixed set of batches circulates, which bounds memory and keeps the pass free of per-record
/// allocations.
/// </summary>
/// <remarks>
/// Hashing each batch as a thread-pool task was measured first: on a busy 2-core machine the pool's workers and the
/// consumer's task wait spent as much CPU spinning as the hashing itself, so on two cores hashing stays on the
/// consumer's thread, handing off only whole batches (about 250 hand-offs per million records).
/// </remarks>
internal sealed class LeafBatchPipeline : IDisposable
{
    private readonly IVerificationScan _scan;
    private readonly int _batchSize;
    private readonly BlockingCollection<LeafBatch> _free = [];
    private readonly BlockingCollection<LeafBatch> _ready;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _reader;
    private ExceptionDispatchInfo? _readFailure;

    /// <summary>Starts reading <paramref name="scan"/> in batches of <paramref name="batchSize"/> records.</summary>
    public LeafBatchPipeline(IVerificationScan scan, int batchSize)
    {
        _scan = scan;
        _batchSize = batchSize;
        // One batch being read, one being hashed and folded, two waiting so neither side stalls on a slow batch.
        const int batches = 4;
        _ready = new BlockingCollection<LeafBatch>(batches);
        for (var i = 0; i < batches; i++)
            _free.Add(new LeafBatch(batchSize, scan.MaxLevel + 1));
        _reader = new Thread(Read) { IsBackground = true, Name = "audit verify reader" };
        _reader.Start();
    }

    /// <summary>
    /// The hashed batches in log order. A batch is recycled when the enumeration moves past it, so use it before
    /// asking for the next. The last one has <see cref="LeafBatch.IsFinal"/> set.
    /// </summary>
    /// <exception cref="AuditStoreException">The store could not be read.</exception>
    public IEnumerable<LeafBatch> Batches()
    {
        foreach (var batch in _ready.GetConsumingEnumerable())
        {
            batch.Hash(HashingThreads);
            yield return batch;
            batch.Clear();
            _free.Add(batch);
        }
        _readFailure?.Throw();
    }

    /// <summary>Threads that hash a batch: the cores the reader leaves free, at least the consumer's own.</summary>
    private static int HashingThreads => Math.Max(1, Environment.ProcessorCount - 1);

    /// <summary>Stops the reader (if the consumer gave up early) and waits for it.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _reader.Join();
        _stop.Dispose();
        _free.Dispose();
        _ready.Dispose();
    }

    private void Read()
    {
        try
        {
            long end = 0;
            while (true)
            {
                var batch = _free.Take(_stop.Token);
                var count = _scan.ReadRecords(batch, _batchSize);
                batch.IsFinal = count == 0;
                if (count > 0)
                    end = batch.End;
                // Stored nodes that the tree completes within this batch: (level, i) is complete once the tree holds
                // (i + 1) << level leaves. The final batch takes whatever is left (nodes no record reaches any more).
                for (var level = 0; level <= _scan.MaxLevel; level++)
                    _scan.ReadNodes(level, batch.IsFinal ? long.MaxValue : end >> level, batch.Stored[level]);
                _ready.Add(batch, _stop.Token);
                if (batch.IsFinal)
                    break;
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _readFailure = ExceptionDispatchInfo.Capture(e);
        }
        finally
        {
            _ready.CompleteAdding();
        }
    }
}
