using CronHooks.Domain.Executions;
using CronHooks.Infrastructure.Persistence;
using CronHooks.Scheduler.Alerts;
using CronHooks.Scheduler.Delivery;
using CronHooks.SchedulerTests.Harness;
using Npgsql;

namespace CronHooks.SchedulerTests.Delivery;

/// <summary>The session limits on a data source built like the nodes' one: bounded lock waits, ended idle transactions.</summary>
internal sealed class SessionLimitsTests : DeliveryTest
{
    private NpgsqlDataSource dataSource = null!;

    [SetUp]
    public void CreateDataSource()
    {
        var builder = new NpgsqlDataSourceBuilder(TestDatabase.ConnectionString);
        SessionLimits.Apply(builder.ConnectionStringBuilder, new DatabaseOptions { LockTimeout = TimeSpan.FromSeconds(1), IdleInTransactionTimeout = TimeSpan.FromSeconds(2) });
        dataSource = builder.Build();
    }

    [TearDown]
    public async Task DisposeDataSourceAsync() => await dataSource.DisposeAsync();

    [Test]
    public async Task RecordAll_WhenAWebhooksStateRowStaysLocked_FailsTransientlyAfterTheLockTimeoutAndWritesOnceItIsFree()
    {
        var webhook = await Data.CreateWebhookAsync(Owner, "http://127.0.0.1:9/");
        await Data.EnqueueAsync(webhook);
        await Data.EnqueueAsync(webhook, DateTimeOffset.UtcNow.AddSeconds(-1));
        var queue = new QueueClaims(dataSource, Microsoft.Extensions.Options.Options.Create(new CronHooks.Application.Common.QuotaOptions()));
        var history = new HistoryWriter(dataSource, new AlertSignal(TimeProvider.System), Microsoft.Extensions.Options.Options.Create(new CronHooks.Application.Common.QuotaOptions()));
        var claims = await queue.ClaimAsync("a", 2, 2, TimeSpan.FromMinutes(1), CancellationToken.None);
        var success = new AttemptOutcome(ExecutionStatus.Success, DateTimeOffset.UtcNow, 5, 200, null, false, null, null, null);
        Assert.That(await history.RecordAsync("a", claims[0], success, CancellationToken.None), Is.True, "the first outcome creates the state row");

        await using (var held = await HeldRowLock.TakeAsync("SELECT 1 FROM webhook_delivery_state WHERE webhook_id = $1 FOR NO KEY UPDATE", webhook.Id))
        {
            var error = await Assert.CatchAsync(() => history.RecordAsync("a", claims[1], success, CancellationToken.None));
            Assert.That((error as PostgresException)?.SqlState, Is.EqualTo(PostgresErrorCodes.LockNotAvailable), error?.ToString());
            Assert.That(TransientDatabaseError.Is(error!), Is.True, "a lock timeout is retried");
            await held.ReleaseAsync();
        }

        Assert.That(await history.RecordAsync("a", claims[1], success, CancellationToken.None), Is.True, "written once the lock is free");
        Assert.That(await Data.ScalarAsync<long>("SELECT count(*) FROM executions WHERE webhook_id = @p0", webhook.Id), Is.EqualTo(2));
    }

    [Test]
    public async Task KeyedGenericPlan_WhenEndedByPlanEachCall_LeavesTheRestOfTheTransactionPlannedPerCallWithSequentialScans()
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        const string Planning = "SELECT current_setting('plan_cache_mode') || ' ' || current_setting('enable_seqscan')";
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands = { new($"SELECT {SessionLimits.KeyedGenericPlanSql}"), new(Planning), SessionLimits.PlanEachCall(), new(Planning) },
        };
        await using var reader = await batch.ExecuteReaderAsync();
        var seen = new List<string>();
        do
        {
            while (await reader.ReadAsync())
                if (reader.GetFieldType(0) == typeof(string))
                    seen.Add(reader.GetString(0));
        }
        while (await reader.NextResultAsync());

        Assert.That(seen.Where(s => s.Contains(' ', StringComparison.Ordinal)),
            Is.EqualTo(new[] { "force_generic_plan off", $"{SessionLimits.PlanEachCallMode} on" }));
    }

    [Test]
    public async Task Transaction_WhenItsSessionSitsIdleLongerThanTheLimit_IsEndedWithItsLocksAndTheErrorIsTransient()
    {
        var webhook = await Data.CreateWebhookAsync(Owner, "http://127.0.0.1:9/");
        await Data.ExecuteAsync("INSERT INTO webhook_delivery_state (webhook_id, failure_streak, failing_alert_raised) VALUES (@p0, 0, false)", webhook.Id);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand("SELECT 1 FROM webhook_delivery_state WHERE webhook_id = $1 FOR NO KEY UPDATE", connection, transaction))
        {
            take.Parameters.Add(new NpgsqlParameter { Value = webhook.Id });
            await take.ExecuteScalarAsync();
        }

        // Another session gets the row once the idle one is ended, with no lock timeout of its own.
        await using var other = new NpgsqlConnection(TestDatabase.ConnectionString);
        await other.OpenAsync();
        await using (var wait = new NpgsqlCommand("SELECT 1 FROM webhook_delivery_state WHERE webhook_id = $1 FOR NO KEY UPDATE", other))
        {
            wait.Parameters.Add(new NpgsqlParameter { Value = webhook.Id });
            wait.CommandTimeout = 30;
            Assert.That(await wait.ExecuteScalarAsync(), Is.EqualTo(1));
        }

        var error = await Assert.CatchAsync(() => transaction.CommitAsync());
        Assert.That(TransientDatabaseError.Is(error!), Is.True, error?.ToString());
    }
}
