using Gatehouse.Gateway.Pipeline;
using Gatehouse.Governance.Models.Registry;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Gateway.Registry;

/// <summary>
/// The resolve stage for aliases bound to the model registry (<c>registry: NAME</c> in <c>gatehouse.yaml</c>): each
/// such alias serves the highest approved version of NAME whose weight files still hash to what was registered.
/// Weights are re-hashed once, when the resolver is built (host start), never per request. An alias with no such
/// version resolves with <see cref="ResolvedModel.Approved"/> false and the reason; the decide stage refuses it.
/// </summary>
public sealed class RegistryModelResolver : IModelResolver
{
    private readonly Dictionary<string, ResolvedModel> _models;

    /// <summary>Resolves every alias of <paramref name="inner"/>, checking registry-bound ones against <paramref name="registry"/>.</summary>
    public RegistryModelResolver(IModelResolver inner, ModelRegistry registry, ILogger<RegistryModelResolver> logger)
    {
        _models = new Dictionary<string, ResolvedModel>(StringComparer.Ordinal);
        foreach (var model in inner.All)
        {
            var bound = model.Primary.Registry is { } name ? Check(model, name, registry, logger) : model;
            _models[model.Alias] = bound;
        }
        All = _models.Values.ToList();
    }

    /// <inheritdoc />
    public IReadOnlyList<ResolvedModel> All { get; }

    /// <inheritdoc />
    public ResolvedModel? Resolve(string alias) => _models.GetValueOrDefault(alias);

    private static ResolvedModel Check(ResolvedModel model, string name, ModelRegistry registry, ILogger logger)
    {
        var problems = new List<string>();
        foreach (var version in registry.ApprovedVersions(name))
        {
            var status = registry.GetDeploymentStatus(version.Reference);
            if (!status.Allowed)
            {
                problems.Add(status.Reason!);
                continue;
            }
            var weights = registry.VerifyWeightsAsync(version.Reference, "gateway").GetAwaiter().GetResult();
            if (!weights.AllUnchanged)
            {
                var changed = string.Join(", ", weights.Files.Where(f => f.Status != WeightStatus.Unchanged).Select(f => $"{Path.GetFileName(f.File.Path)} {f.Status.ToString().ToLowerInvariant()}"));
                problems.Add($"model {version.Reference} weights no longer match their registration ({changed})");
                logger.LogError("Model alias {Alias}: {Reference} refused, weights changed: {Files}", model.Alias, version.Reference, changed);
                continue;
            }
            logger.LogInformation("Model alias {Alias} serves {Reference} (approved, gate passed, weights verified)", model.Alias, version.Reference);
            return model with
            {
                RegistryName = name,
                Version = version.Reference.Version,
                Approved = true,
                WeightsHash = string.Join(",", version.Weights.Select(w => w.Sha256)),
            };
        }
        var reason = problems.Count > 0
            ? $"model alias {model.Alias} has no servable version of {name}: " + string.Join("; ", problems)
            : $"model alias {model.Alias} has no approved version of {name} in the registry";
        logger.LogWarning("{Reason}", reason);
        return model with { RegistryName = name, Approved = false, RegistryProblem = reason };
    }
}
