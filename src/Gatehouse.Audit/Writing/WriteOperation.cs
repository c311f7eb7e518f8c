namespace Gatehouse.Audit.Writing;

/// <summary>
/// A unit of work for the single writer: it runs inside the current batch's transaction and completes (with a leaf
/// index or count) only after that transaction is durably committed.
/// </summary>
internal sealed class WriteOperation(Func<BatchContext, long> work)
{
    private readonly TaskCompletionSource<long> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the batch holding this operation is on disk.</summary>
    public Task<long> Completion => _completion.Task;

    /// <summary>The result of <see cref="Run"/>, held until commit.</summary>
    public long Result { get; private set; }

    /// <summary>Set when the operation refused itself without touching the batch.</summary>
    public Exception? Refusal { get; private set; }

    public void Run(BatchContext context)
    {
        try
        {
            Result = work(context);
        }
        catch (AuditOperationException refusal)
        {
            Refusal = refusal;
        }
    }

    public void Complete()
    {
        if (Refusal is not null)
            _completion.TrySetException(Refusal);
        else
            _completion.TrySetResult(Result);
    }

    public void Fail(Exception error) => _completion.TrySetException(error);
}
