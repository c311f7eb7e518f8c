using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Gatehouse.Gateway.Configuration;

namespace Gatehouse.Gateway.Upstreams;

/// <summary>
/// One long-lived pooled <see cref="HttpClient"/> per upstream alias (each with its own connect timeout), plus the
/// in-process client for the demo model. Connection failures surface as <see cref="UpstreamConnectException"/> so the
/// forwarder can tell "never connected" (retryable) from "may have reached the model" (not retryable).
/// </summary>
public sealed class UpstreamClients : IDisposable
{
    private readonly ConcurrentDictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);
    private readonly HttpClient _demo;

    /// <summary>Creates the pool; <paramref name="demoDelayPerWord"/> paces the demo model's stream.</summary>
    public UpstreamClients(TimeSpan? demoDelayPerWord = null)
    {
        _demo = new HttpClient(new DemoModelHandler(demoDelayPerWord)) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The client for <paramref name="model"/>.</summary>
    public HttpClient For(ModelConfig model) =>
        model.BaseUrl == DemoModel.BaseUrl ? _demo : _clients.GetOrAdd(model.Alias, _ => Create(model.ConnectTimeout));

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var client in _clients.Values)
            client.Dispose();
        _demo.Dispose();
    }

    private static HttpClient Create(TimeSpan connectTimeout)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            MaxConnectionsPerServer = 1024,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            AllowAutoRedirect = false,
            ConnectCallback = (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, connectTimeout, cancellationToken),
        };
        // Timeouts are per request (response headers) and per stream read, set by the forwarder and relays.
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(endPoint, deadline.Token);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new UpstreamConnectException($"connecting to {endPoint.Host}:{endPoint.Port} timed out after {timeout.TotalSeconds:0.###}s");
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new UpstreamConnectException($"cannot connect to {endPoint.Host}:{endPoint.Port}: {e.SocketErrorCode}", e);
        }
    }
}
