using System.Net;
using System.Net.Sockets;

namespace CronHooks.TestSupport.Host;

/// <summary>Loopback ports from the kernel's ephemeral range, so tests and the bench never meet run.sh (8080-8089, 55432).</summary>
public static class FreePort
{
    /// <summary>A port nothing listens on right now (the kernel's pick for a listener opened and closed at once).</summary>
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
