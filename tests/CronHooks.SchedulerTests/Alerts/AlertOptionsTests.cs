using CronHooks.SchedulerTests.Delivery;
using Microsoft.Extensions.Options;

namespace CronHooks.SchedulerTests.Alerts;

internal sealed class AlertOptionsTests
{
    [TestCase("Alerts:MaxRetryDelay", "00:00:01", "Alerts:FirstRetryDelay cannot exceed Alerts:MaxRetryDelay")]
    [TestCase("Alerts:RetentionInterval", "00:00:00", "RetentionInterval")]
    [TestCase("Alerts:RetentionBatchSize", "0", "RetentionBatchSize")]
    public async Task Start_WhenAnAlertSettingIsInvalid_RefusesToStartNamingIt(string key, string value, string message)
    {
        var settings = new Dictionary<string, string?> { [key] = value };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            var node = await InProcessDeliveryNode.StartAsync(TestDatabase.ConnectionString, settings);
            await node.DisposeAsync();
        });

        Assert.That(error!.Message, Does.Contain(message));
    }
}
