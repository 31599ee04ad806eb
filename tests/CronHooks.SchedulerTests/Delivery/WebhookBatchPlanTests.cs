using CronHooks.Application.Common.Ports;
using CronHooks.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CronHooks.SchedulerTests.Delivery;

/// <summary>The claim batch's webhooks, read with one generic plan per connection like the claim itself.</summary>
internal sealed class WebhookBatchPlanTests : DeliveryTest
{
    [Test]
    public async Task FindAll_CalledForBatchAfterBatch_RunsOneGenericPlanAndFindsEveryWebhook()
    {
        // One connection, statements prepared from their second use, as on the nodes' data source.
        await using var dataSource = new NpgsqlDataSourceBuilder(
            TestDatabase.ConnectionString + ";Maximum Pool Size=1;Max Auto Prepare=16;Auto Prepare Min Usages=2").EnableDynamicJson().Build();
        var services = new ServiceCollection();
        services.AddDbContextPool<CronHooksDbContext>(options => options.UseNpgsql(dataSource).UseSnakeCaseNamingConvention());
        services.AddSingleton<IWebhookReader, EfWebhookReader>();
        await using var provider = services.BuildServiceProvider();
        var reader = provider.GetRequiredService<IWebhookReader>();
        var first = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/a"));
        var second = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/b"));

        var batches = new List<IReadOnlyDictionary<Guid, Domain.Webhooks.Webhook>>();
        for (var i = 0; i < 4; i++)
            batches.Add(await reader.FindAllAsync([first.Id, second.Id, Guid.CreateVersion7()], CancellationToken.None));

        await using var connection = await dataSource.OpenConnectionAsync();
        await using var read = new NpgsqlCommand(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE '%FROM webhooks%= ANY%'", connection);
        await using var plans = await read.ExecuteReaderAsync();
        Assert.That(await plans.ReadAsync(), Is.True, "the batch load is a prepared statement");
        var (generic, custom) = (plans.GetInt64(0), plans.GetInt64(1));
        Assert.Multiple(() =>
        {
            Assert.That(batches.Select(b => b.Keys.Order().ToArray()),
                Has.All.EqualTo(new[] { first.Id, second.Id }.Order().ToArray()), "every batch finds its stored webhooks, and only them");
            Assert.That(batches[^1][first.Id].Url, Is.EqualTo(ReceiverUrl("/a")));
            Assert.That(generic, Is.GreaterThanOrEqualTo(2), "the prepared batch load ran its generic plan");
            Assert.That(custom, Is.Zero, "no batch was planned for its own ids");
        });
    }
}
