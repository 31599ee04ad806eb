using CronHooks.TestSupport;
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

    [SetUp]
    public async Task SetUpDeliveryAsync()
    {
        await TestDatabase.ResetAsync();
        Data = new DeliveryTestData(TestDatabase.ConnectionString);
        Owner = await Data.CreateOwnerAsync();
        Receiver = WireMockServer.Start();
    }

    [TearDown]
    public async Task TearDownDeliveryAsync()
    {
        if (Node is not null)
            await Node.DisposeAsync();
        Node = null;
        Receiver.Stop();
        Receiver.Dispose();
    }

    protected async Task StartNodeAsync(IDictionary<string, string?>? settings = null) =>
        Node = await InProcessDeliveryNode.StartAsync(TestDatabase.ConnectionString, settings);

    protected int RequestsTo(string path) => Receiver.LogEntries.Count(e => e.RequestMessage!.Path == path);
}
