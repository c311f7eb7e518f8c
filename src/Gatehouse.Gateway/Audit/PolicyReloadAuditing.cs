using Gatehouse.Gateway.Policy;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Gateway.Audit;

/// <summary>
/// Records every policy reload attempt (from the admin API or the file watcher, accepted or rejected) as a
/// <c>policy.reload</c> admin action with the old and new revisions. The reload's caller waits for the record.
/// </summary>
internal sealed class PolicyReloadAuditing(PolicyBundle bundle, AdminAuditTrail trail, ILogger<PolicyReloadAuditing> logger) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        bundle.Reloaded += Record;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        bundle.Reloaded -= Record;
        return Task.CompletedTask;
    }

    private void Record(PolicyReloadResult result)
    {
        var details = new Dictionary<string, string>
        {
            ["result"] = result.Succeeded ? "loaded" : "rejected",
            ["previous_revision"] = result.PreviousRevision ?? "",
            ["revision"] = result.Revision,
            ["source"] = bundle.Source,
        };
        if (!result.Succeeded)
            details["errors"] = string.Join("\n", result.Errors);
        try
        {
            // Reloads are rare and the event is synchronous: waiting here keeps "reloaded" and "recorded" in step.
            trail.RecordAsync("policy.reload", result.Actor ?? "gatehouse", null, result.Revision, details).AsTask().GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogError(e, "Recording the policy reload in the audit log failed");
        }
    }
}
