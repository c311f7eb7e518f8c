namespace Gatehouse.Gateway.Configuration;

/// <summary>Reads and cross-checks the <c>models</c> section (fallbacks must name other configured aliases).</summary>
internal static class ModelsReader
{
    private static readonly string[] Keys =
        ["baseUrl", "upstreamModel", "apiKey", "apiKeyEnv", "connectTimeout", "responseTimeout", "retries", "fallbacks", "labels", "roles", "registry"];

    /// <summary>Reads every alias under <c>models</c>.</summary>
    public static IReadOnlyDictionary<string, ModelConfig> Read(ConfigReader reader, IReadOnlyDictionary<string, string?> environment)
    {
        var models = new Dictionary<string, ModelConfig>(StringComparer.Ordinal);
        if (!reader.RequireMapping("models", "alias to model settings"))
            return models;
        foreach (var alias in reader.Children("models"))
        {
            var path = "models:" + alias;
            reader.RejectUnknown(path, Keys);
            if (alias == BuiltInModels.DemoAlias)
                reader.Problem(path, $"'{BuiltInModels.DemoAlias}' is reserved for the built-in demo model; choose another alias");
            var baseUrl = reader.Url(path + ":baseUrl", required: true);
            var apiKey = reader.String(path + ":apiKey");
            var apiKeyEnv = reader.String(path + ":apiKeyEnv");
            if (apiKey is not null && apiKeyEnv is not null)
                reader.Problem(path, "set apiKey or apiKeyEnv, not both");
            if (apiKeyEnv is not null)
            {
                environment.TryGetValue(apiKeyEnv, out apiKey);
                if (string.IsNullOrEmpty(apiKey))
                    reader.Problem(path + ":apiKeyEnv", $"environment variable {apiKeyEnv} is not set");
            }
            var roles = reader.List(path + ":roles");
            models[alias] = new ModelConfig(
                alias,
                baseUrl ?? new Uri("http://invalid/"),
                reader.String(path + ":upstreamModel", alias)!,
                apiKey,
                reader.Duration(path + ":connectTimeout", TimeSpan.FromSeconds(5)),
                reader.Duration(path + ":responseTimeout", TimeSpan.FromSeconds(120)),
                (int)reader.Integer(path + ":retries", 1, 0, 10),
                reader.List(path + ":fallbacks"),
                reader.Map(path + ":labels"),
                roles)
            {
                Registry = reader.String(path + ":registry"),
            };
        }

        foreach (var model in models.Values)
            for (var i = 0; i < model.Fallbacks.Count; i++)
            {
                var fallback = model.Fallbacks[i];
                var at = $"models:{model.Alias}:fallbacks:{i}";
                if (fallback == model.Alias)
                    reader.Problem(at, "a model cannot be its own fallback");
                else if (!models.ContainsKey(fallback))
                    reader.Problem(at, $"'{fallback}' is not a configured model alias");
            }
        return models;
    }
}
