using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CronHooks.Bench.Environment;

/// <summary>One arrival at the receiver: which webhook (path index), when, and which occurrence it said it was.</summary>
internal readonly record struct Arrival(int Index, DateTimeOffset At, string? MessageId, DateTimeOffset? ScheduledFor);

/// <summary>
/// The in-process Kestrel receiver every delivery goes to. It answers 204 at once and only notes the arrival
/// in memory, so it costs the measured system as little as a receiver can. Paths: <c>/r/{i}</c> (CronHooks
/// webhook i), <c>/baseline/{i}</c> (the baseline's job i, which sends <c>x-scheduled-for</c>), <c>/ceiling</c>.
/// </summary>
internal sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private ConcurrentQueue<Arrival> arrivals = new();
    private long ceilingHits;

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public long CeilingHits => Interlocked.Read(ref ceilingHits);

    private Receiver(int port)
    {
        Port = port;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(BaseUrl);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxConcurrentConnections = null);
        app = builder.Build();
        app.MapPost("/r/{index:int}", (int index, HttpRequest request) =>
        {
            arrivals.Enqueue(new Arrival(index, DateTimeOffset.UtcNow, request.Headers["webhook-id"].ToString(), null));
            return Results.NoContent();
        });
        app.MapPost("/baseline/{index:int}", (int index, HttpRequest request) =>
        {
            var now = DateTimeOffset.UtcNow;
            DateTimeOffset? scheduled = DateTimeOffset.TryParse(request.Headers["x-scheduled-for"].ToString(), CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var s) ? s.ToUniversalTime() : null;
            arrivals.Enqueue(new Arrival(index, now, null, scheduled));
            return Results.NoContent();
        });
        app.MapPost("/ceiling", () =>
        {
            Interlocked.Increment(ref ceilingHits);
            return Results.NoContent();
        });
    }

    public static async Task<Receiver> StartAsync()
    {
        var receiver = new Receiver(FreePort.Next());
        await receiver.app.StartAsync();
        return receiver;
    }

    public int Count => arrivals.Count;

    /// <summary>Everything received since the last reset, and a fresh log for the next run.</summary>
    public IReadOnlyList<Arrival> Drain() => Interlocked.Exchange(ref arrivals, new ConcurrentQueue<Arrival>()).ToArray();

    public IReadOnlyList<Arrival> Snapshot() => arrivals.ToArray();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
