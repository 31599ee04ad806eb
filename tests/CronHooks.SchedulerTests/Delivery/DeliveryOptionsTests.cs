using Microsoft.Extensions.Options;

namespace CronHooks.SchedulerTests.Delivery;

internal sealed class DeliveryOptionsTests
{
    [TestCase("Delivery:MaxConcurrency", "0")]
    [TestCase("Delivery:MaxInFlightPerOwner", "64")]
    [TestCase("Delivery:LeaseMargin", "00:00:00")]
    [TestCase("Delivery:RetentionDays", "0")]
    [TestCase("Delivery:HistoryPartitionWidth", "00:00:10")]
    [TestCase("Delivery:RetentionInterval", "5.00:00:00")]
    [TestCase("Delivery:Prefetch", "-1")]
    public async Task Start_WhenADeliverySettingIsInvalid_RefusesToStart(string key, string value)
    {
        var settings = new Dictionary<string, string?> { [key] = value };

        await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            var node = await InProcessDeliveryNode.StartAsync(TestDatabase.ConnectionString, settings);
            await node.DisposeAsync();
        });
    }
}
