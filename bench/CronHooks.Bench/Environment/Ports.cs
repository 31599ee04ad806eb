using System.Net;
using System.Net.Sockets;

namespace CronHooks.Bench.Environment;

/// <summary>Loopback ports from the kernel's ephemeral range, so the harness never meets run.sh (8080-8089, 55432).</summary>
internal static class Ports
{
    public static int Free()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
