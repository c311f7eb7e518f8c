namespace Gatehouse.Governance.Models.Cards;

/// <summary>The model card template shipped with Gatehouse, with every required section and front matter field.</summary>
public static class ModelCardTemplate
{
    private const string ResourceName = "Gatehouse.Governance.Models.Cards.model-card-template.md";

    /// <summary>The template text (Markdown with YAML front matter).</summary>
    public static string Text { get; } = Load();

    private static string Load()
    {
        using var stream = typeof(ModelCardTemplate).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
