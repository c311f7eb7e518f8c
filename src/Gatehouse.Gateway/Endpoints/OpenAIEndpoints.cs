using System.Text.Json.Nodes;
using Gatehouse.Gateway.Errors;
using Gatehouse.Gateway.Hosting;
using Gatehouse.Gateway.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Gateway.Endpoints;

/// <summary>The OpenAI-compatible routes under <c>/v1</c>.</summary>
internal static class OpenAIEndpoints
{
    /// <summary>Maps the routes.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/chat/completions", (HttpContext http, GatewayPipeline pipeline) =>
            pipeline.RunAsync(http, "chat.completions", "chat/completions", RequestShapes.Chat));
        app.MapPost("/v1/completions", (HttpContext http, GatewayPipeline pipeline) =>
            pipeline.RunAsync(http, "completions", "completions", RequestShapes.Completion));
        app.MapPost("/v1/embeddings", (HttpContext http, GatewayPipeline pipeline) =>
            pipeline.RunAsync(http, "embeddings", "embeddings", RequestShapes.Embedding));
        app.MapGet("/v1/models", async (HttpContext http, GatewayStages stages) =>
        {
            var data = new JsonArray();
            foreach (var model in await AllowedModelsAsync(http, stages))
                data.Add(Describe(model));
            return Results.Text(new JsonObject { ["object"] = "list", ["data"] = data }.ToJsonString(Hosting.GatewayJson.Options), "application/json");
        });
        app.MapGet("/v1/models/{**id}", async (HttpContext http, GatewayStages stages, string id) =>
        {
            var model = (await AllowedModelsAsync(http, stages)).FirstOrDefault(m => m.Alias == id)
                ?? throw GatewayErrors.ModelNotFound(id);
            return Results.Text(Describe(model).ToJsonString(Hosting.GatewayJson.Options), "application/json");
        });
    }

    // The decide stage answers "may this caller use this model" for listing too, so the list never shows more than
    // a request would be allowed.
    private static async Task<List<ResolvedModel>> AllowedModelsAsync(HttpContext http, GatewayStages stages)
    {
        var allowed = new List<ResolvedModel>();
        foreach (var model in stages.Models.All)
        {
            var context = GatewayPipeline.ContextFor(http, "models.list", DateTimeOffset.UtcNow);
            context.ModelAlias = model.Alias;
            context.Model = model;
            if ((await stages.Decider.DecideAsync(context, http.RequestAborted)).Allow)
                allowed.Add(model);
        }
        return allowed;
    }

    private static JsonObject Describe(ResolvedModel model)
    {
        var labels = new JsonObject();
        foreach (var (key, value) in model.Primary.Labels)
            labels[key] = value;
        return new JsonObject
        {
            ["id"] = model.Alias,
            ["object"] = "model",
            ["created"] = 0,
            ["owned_by"] = model.IsDemo ? "gatehouse-demo" : "gatehouse",
            ["gatehouse"] = new JsonObject
            {
                ["demo"] = model.IsDemo,
                ["labels"] = labels,
                ["fallbacks"] = new JsonArray(model.Candidates.Skip(1).Select(c => (JsonNode)JsonValue.Create(c.Alias)!).ToArray()),
            },
        };
    }
}

/// <summary>Registers <see cref="OpenAIEndpoints"/> dependencies.</summary>
internal static class OpenAIEndpointServices
{
    /// <summary>Adds the pipeline.</summary>
    public static IServiceCollection AddOpenAIEndpoints(this IServiceCollection services) => services.AddSingleton<GatewayPipeline>();
}
