using Gatehouse.Gateway.Configuration;
using Gatehouse.Gateway.Upstreams;

namespace Gatehouse.Gateway.Pipeline;

/// <summary>
/// Resolves aliases from the <c>models</c> section of <c>gatehouse.yaml</c>. When that section is empty, and only
/// then, the built-in <c>demo</c> model is the one model there is.
/// </summary>
public sealed class ConfiguredModelResolver : IModelResolver
{
    private readonly Dictionary<string, ResolvedModel> _models = new(StringComparer.Ordinal);

    /// <summary>Builds the alias table from <paramref name="config"/>.</summary>
    public ConfiguredModelResolver(GatewayConfig config)
    {
        if (config.Models.Count == 0)
        {
            _models[BuiltInModels.DemoAlias] = new ResolvedModel(BuiltInModels.DemoAlias, [DemoModel.Config], IsDemo: true);
        }
        else
        {
            foreach (var model in config.Models.Values)
                _models[model.Alias] = new ResolvedModel(model.Alias, [model, .. model.Fallbacks.Select(f => config.Models[f])], IsDemo: false);
        }
        All = _models.Values.OrderBy(m => m.Alias, StringComparer.Ordinal).ToList();
    }

    /// <inheritdoc />
    public IReadOnlyList<ResolvedModel> All { get; }

    /// <inheritdoc />
    public ResolvedModel? Resolve(string alias) => _models.GetValueOrDefault(alias);
}
