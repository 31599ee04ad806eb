using System.Collections.Concurrent;
using CronHooks.Infrastructure.Delivery.Security;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace CronHooks.SchedulerTests.Delivery;

/// <summary>A clean test database, a WireMock receiver on loopback, and a delivery node to start.</summary>
internal abstract class DeliveryTest
{
    protected WireMockServer Receiver { get; private set; } = null!;
    protected DeliveryTestData Data { get; private set; } = null!;
    protected Guid Owner { get; private set; }
    protected InProcessDeliveryNode? Node { get; set; }

    protected string ReceiverUrl(string path) => $"http://127.0.0.1:{Receiver.Port}{path}";

    // NUnit shares one fixture instance between its tests: per-test state is made in SetUp.
    private CancellationTokenSource slowResponses = null!;

    /// <summary>Requests as they arrive (WireMock logs a request only once its delayed answer is sent).</summary>
    protected ConcurrentQueue<(string Path, string WebhookId)> Arrivals { get; private set; } = null!;

    [SetUp]
    public async Task SetUpDeliveryAsync()
    {
        slowResponses = new CancellationTokenSource();
        Arrivals = new ConcurrentQueue<(string Path, string WebhookId)>();
        await TestDatabase.ResetAsync();
        Data = new DeliveryTestData(TestDatabase.ConnectionString);
        Owner = await Data.CreateOwnerAsync();
        Receiver = WireMockServer.Start();
    }

    [TearDown]
    public async Task TearDownDeliveryAsync()
    {
        await slowResponses.CancelAsync();
        if (Node is not null)
            await Node.DisposeAsync();
        Node = null;
        Receiver.Stop();
        Receiver.Dispose();
        slowResponses.Dispose();
    }

    protected async Task StartNodeAsync(IDictionary<string, string?>? settings = null, IDestinationResolver? resolver = null,
        Action<Microsoft.Extensions.Hosting.IHostApplicationBuilder>? configure = null) =>
        Node = await InProcessDeliveryNode.StartAsync(TestDatabase.ConnectionString, settings, resolver, configure);

    /// <summary>A receiver at <paramref name="path"/> that notes each request on arrival, then answers after <paramref name="delay"/>.</summary>
    protected void SlowReceiver(string path, TimeSpan delay, int status = 200)
    {
        Receiver.Given(Request.Create().WithPath(path)).RespondWith(Response.Create().WithCallback(async request =>
        {
            Arrivals.Enqueue((request.Path, request.Headers!["webhook-id"].Single()));
            try
            {
                await Task.Delay(delay, slowResponses.Token);
            }
            catch (OperationCanceledException)
            {
                // The test is over.
            }
            return new ResponseMessage { StatusCode = status };
        }));
    }

    protected int ArrivedAt(string path) => Arrivals.Count(a => a.Path == path);

    protected int RequestsTo(string path) => Receiver.LogEntries.Count(e => e.RequestMessage!.Path == path);
}
