using Gatehouse.Gateway.Pipeline;
using Gatehouse.Governance.Models.Registry;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Gateway.Registry;

/// <summary>
/// The resolve stage for aliases bound to the model registry (<c>registry: NAME</c> in <c>gatehouse.yaml</c>): each
/// such alias serves the highest approved version of NAME whose weight files still hash to what was registered.
/// Weights are hashed when the resolver is built (host start), never per request; while the gateway runs, a request
/// for the alias stats the weight files (at most once per <see cref="DefaultRecheckInterval"/>) and, when a file's
/// size or write time changed, re-hashes and re-chooses the version, so a file swapped on disk is refused (with the
/// reason) from the next request on, and served again once restored. An alias with no servable version resolves with
/// <see cref="ResolvedModel.Approved"/> false and the reason; the decide stage refuses it.
/// </summary>
public sealed class RegistryModelResolver : IModelResolver
{
    /// <summary>How often, at most, a registry-bound alias's weight files are stat'ed for changes.</summary>
    public static readonly TimeSpan DefaultRecheckInterval = TimeSpan.FromSeconds(2);

    private readonly Dictionary<string, ResolvedModel> _models;
    private readonly Dictionary<string, Binding> _bindings = new(StringComparer.Ordinal);
    private readonly List<string> _aliases;
    private readonly ModelRegistry _registry;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _recheckInterval;

    /// <summary>Resolves every alias of <paramref name="inner"/>, checking registry-bound ones against <paramref name="registry"/>.</summary>
    public RegistryModelResolver(IModelResolver inner, ModelRegistry registry, ILogger<RegistryModelResolver> logger, TimeProvider? clock = null, TimeSpan? recheckInterval = null)
    {
        _registry = registry;
        _logger = logger;
        _clock = clock ?? TimeProvider.System;
        _recheckInterval = recheckInterval ?? DefaultRecheckInterval;
        _models = new Dictionary<string, ResolvedModel>(StringComparer.Ordinal);
        foreach (var model in inner.All)
        {
            _models[model.Alias] = model;
            if (model.Primary.Registry is { } name)
                _bindings[model.Alias] = Bind(model, name);
        }
        _aliases = [.. _models.Keys];
    }

    /// <inheritdoc />
    public IReadOnlyList<ResolvedModel> All => _aliases.ConvertAll(alias => Resolve(alias)!);

    /// <inheritdoc />
    public ResolvedModel? Resolve(string alias)
    {
        if (!_bindings.TryGetValue(alias, out var binding))
            return _models.GetValueOrDefault(alias);
        if (_clock.GetUtcNow().UtcTicks < binding.NextCheckTicks)
            return binding.Current;
        lock (binding)
        {
            // Another request may have re-checked while this one waited for the lock.
            if (_clock.GetUtcNow().UtcTicks >= binding.NextCheckTicks)
            {
                if (binding.Stamps.AnyChanged())
                {
                    _logger.LogWarning("Model alias {Alias}: a weight file of {Name} changed on disk; re-verifying", alias, binding.Name);
                    var fresh = Bind(_models[alias], binding.Name);
                    binding.Current = fresh.Current;
                    binding.Stamps = fresh.Stamps;
                }
                binding.NextCheckTicks = (_clock.GetUtcNow() + _recheckInterval).UtcTicks;
            }
            return binding.Current;
        }
    }

    /// <summary>Stamps the candidate versions' weight files first (a change during hashing is then seen next time), then chooses.</summary>
    private Binding Bind(ResolvedModel model, string name)
    {
        var stamps = WeightFileStamps.Take(_registry.ApprovedVersions(name).SelectMany(v => v.Weights.Select(w => w.Path)));
        return new Binding(name, Check(model, name, _registry, _logger), stamps, (_clock.GetUtcNow() + _recheckInterval).UtcTicks);
    }

    /// <summary>What one registry-bound alias serves now, and the weight-file stamps it was chosen under.</summary>
    /// <remarks>Read without the lock on every request, so the fields are single words written with volatile semantics.</remarks>
    private sealed class Binding(string name, ResolvedModel current, WeightFileStamps stamps, long nextCheckTicks)
    {
        private ResolvedModel _current = current;
        private long _nextCheckTicks = nextCheckTicks;

        public string Name { get; } = name;

        public ResolvedModel Current
        {
            get => Volatile.Read(ref _current);
            set => Volatile.Write(ref _current, value);
        }

        public WeightFileStamps Stamps { get; set; } = stamps;

        public long NextCheckTicks
        {
            get => Volatile.Read(ref _nextCheckTicks);
            set => Volatile.Write(ref _nextCheckTicks, value);
        }
    }

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
