using CronHooks.Api.Startup;
using CronHooks.IntegrationTests.Host;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CronHooks.IntegrationTests.Startup;

/// <summary>The start-up warm-up runs the run-now path for real, inside a transaction it rolls back.</summary>
public sealed class ColdStartWarmUpTests : ApiTest
{
    [Test]
    public async Task StartAsync_RunsTheRunNowPathAndLeavesNothingBehind()
    {
        var warmUp = Api.Services.GetServices<IHostedService>().OfType<ColdStartWarmUp>().Single();

        await warmUp.StartAsync(CancellationToken.None);
        var left = await TestDatabase.ScalarAsync<long>(
            "SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM webhooks) + (SELECT count(*) FROM execution_queue) + (SELECT count(*) FROM schedule_outbox)");

        Assert.Multiple(() =>
        {
            Assert.That(warmUp.Warmed, Is.True, "it ran to its end");
            Assert.That(left, Is.Zero, "users, webhooks, queued attempts and outbox rows it wrote");
        });
    }
}
