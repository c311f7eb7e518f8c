using System.Net;
using System.Net.Sockets;

namespace Gatehouse.Gateway.Tests.Support;

/// <summary>A loopback port with nothing listening, so connections are refused at once.</summary>
public static class ClosedPort
{
    /// <summary>Finds a free port and releases it.</summary>
    public static int Get()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
