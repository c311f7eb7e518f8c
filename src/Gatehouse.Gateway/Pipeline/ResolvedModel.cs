using Gatehouse.Gateway.Configuration;

namespace Gatehouse.Gateway.Pipeline;

/// <summary>A model alias resolved to the ordered upstreams to try: the alias itself first, then its fallbacks.</summary>
/// <param name="Alias">The alias the caller named.</param>
/// <param name="Candidates">Upstream configurations in the order they are tried.</param>
/// <param name="IsDemo">Whether this is the built-in demo model.</param>
public sealed record ResolvedModel(string Alias, IReadOnlyList<ModelConfig> Candidates, bool IsDemo)
{
    /// <summary>The primary upstream.</summary>
    public ModelConfig Primary => Candidates[0];

    /// <summary>The registered model name when the alias is bound to the model registry, else null.</summary>
    public string? RegistryName { get; init; }

    /// <summary>The registry version served (the newest approved one with intact weights), or null.</summary>
    public string? Version { get; init; }

    /// <summary>
    /// Whether the registry approves serving this alias: null when the alias is not bound to the registry, false when
    /// no version is approved with weights matching their registered hashes.
    /// </summary>
    public bool? Approved { get; init; }

    /// <summary>Why the registry refuses the alias (when <see cref="Approved"/> is false).</summary>
    public string? RegistryProblem { get; init; }

    /// <summary>The SHA-256 of the served version's weights (hex; several files joined by commas), or null.</summary>
    public string? WeightsHash { get; init; }
}
