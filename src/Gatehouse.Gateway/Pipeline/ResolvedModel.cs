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
}
