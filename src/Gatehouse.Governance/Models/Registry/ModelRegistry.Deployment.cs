using System.Globalization;
using Gatehouse.Governance.Models.Gate;

namespace Gatehouse.Governance.Models.Registry;

// Deployment: gate decisions, what the gateway may serve, and weight downloads. Kept apart from registration.
public sealed partial class ModelRegistry
{
    /// <summary>Stores a gate decision (history is kept; the latest counts) and reports it to the sink.</summary>
    /// <exception cref="ModelGovernanceException">The model is not registered.</exception>
    public async Task RecordGateDecisionAsync(GateDecision decision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decision);
        Get(decision.Model);
        using (var connection = Database.Open())
            GateDecisionTable.Insert(connection, decision);
        var details = new Dictionary<string, string>
        {
            ["outcome"] = decision.Allowed ? "pass" : "reject",
            ["policy_revision"] = decision.PolicyRevision,
            ["failed_checks"] = string.Join(",", decision.Checks.Where(c => !c.Passed).Select(c => c.Name)),
        };
        await sink.RecordAsync(new RegistryEvent(RegistryEventKind.GateDecided, decision.Model, decision.Actor, decision.DecidedAt, details),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The most recent gate decision for exactly this version, or null when the gate never ran on it.</summary>
    public GateDecision? LatestGateDecision(ModelReference reference)
    {
        using var connection = Database.Open();
        return GateDecisionTable.Latest(connection, reference);
    }

    /// <summary>
    /// Whether the gateway may serve <paramref name="reference"/>: registered, approved by someone other than its
    /// registrant, and the latest gate decision for this exact version passed. The reason names what is missing.
    /// Weight integrity is re-checked by the gate and at load time, not here (this is called per request).
    /// </summary>
    public ServingStatus GetDeploymentStatus(ModelReference reference)
    {
        var approval = GetServingStatus(reference);
        if (!approval.Allowed)
            return approval;
        return LatestGateDecision(reference) switch
        {
            null => new ServingStatus(reference, false,
                $"model {reference} has not passed the deployment gate: run 'gatehouse model gate {reference}'"),
            { Allowed: false } decision => new ServingStatus(reference, false,
                $"model {reference} was rejected by the deployment gate at {decision.DecidedAt:O}: failed " +
                string.Join(", ", decision.Checks.Where(c => !c.Passed).Select(c => c.Name))),
            _ => new ServingStatus(reference, true, null),
        };
    }

    /// <summary>
    /// The versions of <paramref name="name"/> the gateway may serve (<see cref="GetDeploymentStatus"/> allows them),
    /// highest semantic version first: what an alias routes to.
    /// </summary>
    public IReadOnlyList<RegisteredModel> DeployableVersions(string name) =>
        ApprovedVersions(name).Where(m => GetDeploymentStatus(m.Reference).Allowed).ToList();

    /// <summary>Reports that a weight file was handed out to <paramref name="actor"/> (the admin API's download).</summary>
    /// <exception cref="ModelGovernanceException">The model is not registered.</exception>
    public Task RecordWeightsDownloadAsync(ModelReference reference, WeightFile file, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        Get(reference);
        return sink.RecordAsync(new RegistryEvent(RegistryEventKind.WeightsDownloaded, reference, actor, time.GetUtcNow(),
            new Dictionary<string, string>
            {
                ["file"] = Path.GetFileName(file.Path),
                ["sha256"] = file.Sha256,
                ["size_bytes"] = file.SizeBytes.ToString(CultureInfo.InvariantCulture),
            }), cancellationToken);
    }
}
