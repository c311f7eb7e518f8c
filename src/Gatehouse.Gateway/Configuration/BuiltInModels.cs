namespace Gatehouse.Gateway.Configuration;

/// <summary>Names of models the gateway provides itself.</summary>
public static class BuiltInModels
{
    /// <summary>The in-process demo model, served only when no real upstream is configured.</summary>
    public const string DemoAlias = "demo";
}
