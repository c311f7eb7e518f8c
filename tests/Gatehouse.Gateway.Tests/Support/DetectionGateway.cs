using System.ClientModel;
using Gatehouse.Gateway.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using OpenAI.Chat;

namespace Gatehouse.Gateway.Tests.Support;

/// <summary>The real gateway with the detection stages, a <see cref="ScriptedUpstream"/> behind model <c>m</c> and a test decider.</summary>
public sealed class DetectionGateway : IAsyncDisposable
{
    private DetectionGateway(ScriptedUpstream upstream, GatewayServer gateway, RecordingAuditSink audit)
    {
        Upstream = upstream;
        Gateway = gateway;
        Audit = audit;
    }

    /// <summary>The upstream.</summary>
    public ScriptedUpstream Upstream { get; }

    /// <summary>The gateway.</summary>
    public GatewayServer Gateway { get; }

    /// <summary>Every finished request context.</summary>
    public RecordingAuditSink Audit { get; }

    /// <summary>Starts both; <paramref name="services"/> may replace more stages (the decider is always <paramref name="decider"/>).</summary>
    public static async Task<DetectionGateway> StartAsync(IPolicyDecider decider, string extraYaml = "", Action<IServiceCollection>? services = null)
    {
        var upstream = await ScriptedUpstream.StartAsync();
        var audit = new RecordingAuditSink();
        var gateway = await GatewayServer.StartAsync($"models:\n  m:\n    baseUrl: {upstream.BaseUrl}\n    upstreamModel: scripted\n    roles: [\"*\"]\n{extraYaml}", s =>
        {
            s.AddSingleton(decider);
            s.AddSingleton<IAuditSink>(audit);
            services?.Invoke(s);
        });
        return new DetectionGateway(upstream, gateway, audit);
    }

    /// <summary>The OpenAI SDK's chat client for model <c>m</c> with <paramref name="key"/>.</summary>
    public ChatClient Chat(string key) => new OpenAIClient(new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = Gateway.V1 }).GetChatClient("m");

    /// <summary>Posts a raw chat body and returns the response.</summary>
    public Task<HttpResponseMessage> PostAsync(string json, string? key = null) =>
        Gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", key ?? Gateway.AdminKey, json);

    /// <summary>Posts a streamed request and returns the raw event text, asserting a 200 that ends with <c>[DONE]</c>.</summary>
    public async Task<string> StreamAsync(string json)
    {
        var response = await PostAsync(json);
        var raw = await response.Content.ReadAsStringAsync();
        Xunit.Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Xunit.Assert.EndsWith("data: [DONE]\n\n", raw);
        return raw;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Upstream.DisposeAsync();
    }
}
