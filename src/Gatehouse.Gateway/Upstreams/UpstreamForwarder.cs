using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Gatehouse.Gateway.Configuration;
using Gatehouse.Gateway.Errors;
using Gatehouse.Gateway.Pipeline;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Gateway.Upstreams;

/// <summary>
/// The forward stage: sends the request body to the resolved model's upstreams in order (the alias, then its
/// fallbacks), with <c>model</c> rewritten to each upstream's own name. A candidate is retried, and then the next one
/// tried, only when the connection could not be made; once a request may have reached a model it is never replayed.
/// </summary>
public sealed class UpstreamForwarder(UpstreamClients clients, ILogger<UpstreamForwarder> logger)
{
    /// <summary>An upstream's answer (headers read, body not yet) and which configuration produced it.</summary>
    /// <param name="Response">The response; the caller disposes it.</param>
    /// <param name="Model">The upstream that answered.</param>
    public sealed record Answer(HttpResponseMessage Response, ModelConfig Model);

    /// <summary>
    /// Sends <see cref="GatewayContext.RequestBody"/> to <paramref name="relativePath"/> (e.g. <c>chat/completions</c>).
    /// Throws 502 when no candidate could be connected to, 504 when the chosen one did not answer in time.
    /// </summary>
    public async Task<Answer> SendAsync(GatewayContext context, string relativePath, CancellationToken cancellationToken)
    {
        var model = context.Model ?? throw new InvalidOperationException("forward before resolve");
        var failures = new List<string>();
        foreach (var candidate in model.Candidates)
        {
            // Only `model` changes; every other field, known or not, goes through as the caller sent it.
            var body = UpstreamRequestBody.Serialize(context.RequestBody!, candidate.UpstreamModel);
            for (var attempt = 0; attempt <= candidate.Retries; attempt++)
            {
                if (attempt > 0)
                    await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), cancellationToken);
                try
                {
                    var response = await SendOnceAsync(candidate, relativePath, body, cancellationToken);
                    return new Answer(response, candidate);
                }
                catch (HttpRequestException e) when (ConnectFailure(e) is { } reason)
                {
                    failures.Add($"{candidate.Alias} attempt {attempt + 1}: {reason}");
                    logger.LogWarning("Upstream {Alias} connect failure (attempt {Attempt}): {Reason}", candidate.Alias, attempt + 1, reason);
                }
            }
        }
        throw GatewayErrors.UpstreamUnavailable($"No upstream for model '{model.Alias}' could be reached ({string.Join("; ", failures)}).");
    }

    private async Task<HttpResponseMessage> SendOnceAsync(ModelConfig candidate, string relativePath, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, EndpointOf(candidate.BaseUrl, relativePath))
        {
            Content = new ReadOnlyMemoryContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        if (candidate.ApiKey is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", candidate.ApiKey);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(candidate.ResponseTimeout);
        try
        {
            return await clients.For(candidate).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw GatewayErrors.UpstreamTimeout($"The upstream for model '{candidate.Alias}' did not answer within {candidate.ResponseTimeout.TotalSeconds:0.###}s.");
        }
        catch (HttpRequestException e) when (ConnectFailure(e) is null)
        {
            throw GatewayErrors.UpstreamUnavailable($"The upstream for model '{candidate.Alias}' failed: {e.Message}", e);
        }
    }

    private static string? ConnectFailure(HttpRequestException e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
            if (inner is UpstreamConnectException connect)
                return connect.Message;
        // Deliberately not HttpRequestError.ConnectionError: that also covers connections that broke after sending.
        return null;
    }

    // Upstream URLs are few (configured bases times endpoints): each is parsed once, not on every request.
    private readonly ConcurrentDictionary<(string BaseUrl, string Path), Uri> _endpoints = new();

    private Uri EndpointOf(Uri baseUrl, string relativePath) =>
        _endpoints.GetOrAdd((baseUrl.AbsoluteUri, relativePath), static (_, parts) => new Uri(WithTrailingSlash(parts.BaseUrl), parts.Path), (BaseUrl: baseUrl, Path: relativePath));

    private static Uri WithTrailingSlash(Uri baseUrl) =>
        baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
}
