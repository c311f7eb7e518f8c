using System.Collections.Concurrent;

namespace Gatehouse.Audit.Writing;

/// <summary>
/// The writer's inbox: many appenders, one consumer that blocks while it is empty. Unlike
/// <c>BlockingCollection</c> (whose semaphore spins with <c>sched_yield</c> before it sleeps) the consumer goes straight
/// to sleep: at a few hundred requests per second the writer is idle between commits, and that spinning burnt about
/// half of its CPU time, taken from the two cores the gateway's requests need.
/// </summary>
internal sealed class WriteQueue : IDisposable
{
    private readonly ConcurrentQueue<WriteOperation> _items = new();
    private readonly ManualResetEventSlim _signal = new(initialState: false, spinCount: 0);
    private volatile bool _completed;

    /// <summary>Adds an operation; false once <see cref="Complete"/> was called.</summary>
    public bool TryAdd(WriteOperation operation)
    {
        if (_completed)
            return false;
        _items.Enqueue(operation);
        _signal.Set();
        return true;
    }

    /// <summary>Takes an operation if one is waiting, without blocking.</summary>
    public bool TryTake(out WriteOperation operation) => _items.TryDequeue(out operation!);

    /// <summary>Blocks until an operation arrives; null once the queue is completed and drained.</summary>
    public WriteOperation? Take()
    {
        while (true)
        {
            if (_items.TryDequeue(out var operation))
                return operation;
            if (_completed)
                return _items.TryDequeue(out operation) ? operation : null;
            _signal.Reset();
            // Re-check after the reset: an add that raced with it has either been seen here or will set the signal again.
            if (!_items.IsEmpty || _completed)
                continue;
            _signal.Wait();
        }
    }

    /// <summary>Refuses further adds and wakes the consumer so it can drain and stop.</summary>
    public void Complete()
    {
        _completed = true;
        _signal.Set();
    }

    public void Dispose() => _signal.Dispose();
}
