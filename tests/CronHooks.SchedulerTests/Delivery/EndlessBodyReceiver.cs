using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CronHooks.SchedulerTests.Delivery;

/// <summary>A loopback HTTP receiver that answers 200 and then streams body bytes until the client hangs up.</summary>
internal sealed class EndlessBodyReceiver : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();

    public EndlessBodyReceiver()
    {
        listener.Start();
        _ = AcceptAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/endless";

    private async Task AcceptAsync()
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(stop.Token);
                _ = ServeAsync(client);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var connection = client;
        try
        {
            var stream = client.GetStream();
            var request = new byte[16 * 1024];
            _ = await stream.ReadAtLeastAsync(request, 1, throwOnEndOfStream: false, stop.Token);
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n"), stop.Token);
            var chunk = Encoding.ASCII.GetBytes(new string('y', 8192));
            while (!stop.IsCancellationRequested)
                await stream.WriteAsync(chunk, stop.Token);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client hung up: what a bounded reader does.
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        listener.Dispose();
        stop.Dispose();
    }
}
