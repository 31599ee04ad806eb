using CronHooks.Domain.Executions;
using CronHooks.SchedulerTests.Harness;

namespace CronHooks.SchedulerTests.Delivery;

/// <summary>PostgreSQL restarts under a running engine: outcomes are kept until written, work resumes.</summary>
[OwnDatabase, Parallelizable]
internal sealed class DatabaseRestartTests : DeliveryTest
{
    [Test]
    public async Task Delivery_WhenPostgresRestartsWhileAttemptsAreInFlight_LosesAndDuplicatesNothing()
    {
        SlowReceiver("/hook", TimeSpan.FromSeconds(2));
        await using var postgres = await PrivatePostgres.StartWithDatabaseAsync();
        // Unpooled: the test's own connections must not be the ones the restart broke.
        var data = new DeliveryTestData(postgres.ConnectionString + ";Pooling=false");
        var owner = await data.CreateOwnerAsync();
        var webhooks = new List<Domain.Webhooks.Webhook>();
        for (var i = 0; i < 6; i++)
            webhooks.Add(await data.CreateWebhookAsync(owner, ReceiverUrl("/hook"), w => w.TimeoutSeconds = 10));
        await using var node = await InProcessDeliveryNode.StartAsync(postgres.ConnectionString);
        foreach (var webhook in webhooks.Take(3))
            await data.EnqueueAsync(webhook);
        await Eventually.TrueAsync(() => ArrivedAt("/hook") == 3, TimeSpan.FromSeconds(45), "the first three requests");

        // Down while the three answers arrive: their outcomes cannot be written yet.
        await postgres.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        await postgres.StartAsync();
        // New work after the restart reaches the engine again (listener and claim loop both recovered).
        foreach (var webhook in webhooks.Skip(3))
            await data.EnqueueAsync(webhook);

        await Eventually.TrueAsync(async () =>
            await data.ScalarAsync<long>("SELECT count(*) FROM all_executions WHERE status = 'Success'") == 6,
            TimeSpan.FromSeconds(90), "all six attempts to be recorded as successful");
        var rows = await data.ScalarAsync<long>("SELECT count(*) FROM all_executions");
        var unsuccessful = await data.ScalarAsync<long>("SELECT count(*) FROM all_executions WHERE status <> @p0", nameof(ExecutionStatus.Success));
        Assert.Multiple(() =>
        {
            Assert.That(ArrivedAt("/hook"), Is.EqualTo(6), "each attempt sent once");
            Assert.That(rows, Is.EqualTo(6));
            Assert.That(unsuccessful, Is.Zero);
        });
    }
}
