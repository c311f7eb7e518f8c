namespace Gatehouse.Audit;

/// <summary>
/// Applies payload retention in the background: every <paramref name="interval"/> it destroys payload keys that are
/// past their tenant's retention. The records themselves stay in the tree.
/// </summary>
/// <param name="log">The log to prune.</param>
/// <param name="interval">How often to run (e.g. hourly).</param>
public sealed class RetentionJob(AuditLog log, TimeSpan interval)
{
    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled; returns the total keys destroyed.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        using var timer = new PeriodicTimer(interval, log.Options.Clock);
        try
        {
            do
                total += await log.ApplyRetentionAsync(cancellationToken).ConfigureAwait(false);
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
        }
        return total;
    }
}
