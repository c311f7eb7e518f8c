using Gatehouse.Gateway.Configuration;

namespace Gatehouse.Gateway.Upstreams;

/// <summary>The built-in demo model's configuration: an in-process upstream reached through <see cref="DemoModelHandler"/>.</summary>
public static class DemoModel
{
    /// <summary>The fake base URL requests to the demo are addressed to; it never touches the network.</summary>
    public static readonly Uri BaseUrl = new("http://demo.gatehouse.invalid/v1/");

    /// <summary>The demo's model configuration: open to every authenticated caller, labelled as a demo.</summary>
    public static ModelConfig Config { get; } = new(
        BuiltInModels.DemoAlias,
        BaseUrl,
        "gatehouse-demo-echo",
        null,
        TimeSpan.FromSeconds(1),
        TimeSpan.FromSeconds(30),
        0,
        [],
        new Dictionary<string, string> { ["demo"] = "true", ["description"] = "Built-in demo: echoes your last message. Configure a real model in gatehouse.yaml." },
        ["*"]);
}
