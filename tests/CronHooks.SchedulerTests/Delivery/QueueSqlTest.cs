using CronHooks.Scheduler.Alerts;
using CronHooks.Scheduler.Delivery;
using Npgsql;

namespace CronHooks.SchedulerTests.Delivery;

/// <summary>The queue's claims and the history writer on the test database, called directly (no node).</summary>
internal abstract class QueueSqlTest : DeliveryTest
{
    private NpgsqlDataSource dataSource = null!;
    protected QueueClaims Queue { get; private set; } = null!;
    protected HistoryWriter History { get; private set; } = null!;

    [SetUp]
    public void CreateQueue()
    {
        dataSource = NpgsqlDataSource.Create(TestDatabase.ConnectionString);
        Queue = new QueueClaims(dataSource, Microsoft.Extensions.Options.Options.Create(new CronHooks.Application.Common.QuotaOptions()));
        History = new HistoryWriter(dataSource, new AlertSignal(TimeProvider.System), Microsoft.Extensions.Options.Options.Create(new CronHooks.Application.Common.QuotaOptions()));
    }

    [TearDown]
    public async Task DisposeQueueAsync() => await dataSource.DisposeAsync();
}
