using CronHooks.Domain.Webhooks;
using CronHooks.Scheduler.Clock;
using Npgsql;

namespace CronHooks.SchedulerTests.Clock;

/// <summary>The enqueue statement's share of the overlap policy, against the real schema, with earlier occurrences seeded in the queue.</summary>
[NonParallelizable]
public sealed class OverlapEnqueueTests
{
    private const string Cron = "* * * * *";
    private static readonly DateTimeOffset Occurrence = new(2027, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private NpgsqlDataSource dataSource = null!;
    private DueWebhookEnqueuer enqueuer = null!;
    private Guid owner;

    [SetUp]
    public async Task SetUp()
    {
        await ClockTestData.ResetAsync();
        dataSource = NpgsqlDataSource.Create(TestDatabase.ConnectionString);
        enqueuer = new DueWebhookEnqueuer(dataSource);
        owner = await ClockTestData.CreateUserAsync();
    }

    [TearDown]
    public async Task TearDown() => await dataSource.DisposeAsync();

    private async Task<Guid> WebhookAsync(OverlapPolicy policy)
    {
        var id = await ClockTestData.InsertCronAsync(owner, Cron);
        await ClockTestData.ExecuteAsync("UPDATE webhooks SET overlap_policy = $2, created_at = $3 WHERE id = $1", id, policy.ToString(), Occurrence.AddHours(-1));
        return id;
    }

    /// <summary>An earlier occurrence of the webhook still in the queue: running (leased) or a pending retry.</summary>
    private static Task EarlierAsync(Guid webhook, DateTimeOffset occurrence, bool running = true, string trigger = "Schedule", int attempt = 1) =>
        ClockTestData.ExecuteAsync("""
            INSERT INTO execution_queue (id, webhook_id, owner_id, scheduled_for, attempt_number, trigger, due_at, created_at, lease_owner, lease_expires_at)
            SELECT gen_random_uuid(), w.id, w.owner_id, $2, $3, $4, $2, $2,
                   CASE WHEN $5 THEN 'node-a' END, CASE WHEN $5 THEN $2 + interval '1 hour' END
            FROM webhooks w WHERE w.id = $1
            """, webhook, occurrence, attempt, trigger, running);

    private async Task EnqueueAsync() => await enqueuer.EnqueueRecurringAsync(ClockTestData.KeyOf(Cron), Occurrence, true, Occurrence.AddMilliseconds(20), CancellationToken.None);

    [Test]
    public async Task EnqueueAsync_WhenAnEarlierOccurrenceIsStillRunning_SkipPolicyRecordsTheNewOneSkippedAndAllowQueuesIt()
    {
        var skip = await WebhookAsync(OverlapPolicy.Skip);
        var allow = await WebhookAsync(OverlapPolicy.Allow);
        await EarlierAsync(skip, Occurrence.AddMinutes(-1));
        await EarlierAsync(allow, Occurrence.AddMinutes(-1));

        await EnqueueAsync();

        var skipped = await ClockTestData.SkippedAsync(skip, "overlap");
        Assert.That(skipped.Select(s => s.ScheduledFor), Is.EqualTo(new[] { Occurrence.ToString("O") }));
        Assert.That(skipped[0].Message, Does.Contain("overlapPolicy skip"));
        Assert.That((await ClockTestData.ExecutionsAsync(allow)).Select(e => e.Status), Is.EqualTo(new[] { "Running", "Pending" }), "allow: both occurrences queued");
    }

    [Test]
    public async Task EnqueueAsync_WhenOnlyARunNowIsInTheQueue_SkipPolicyStillQueuesTheOccurrence()
    {
        var skip = await WebhookAsync(OverlapPolicy.Skip);
        await EarlierAsync(skip, Occurrence.AddSeconds(-10), trigger: "Manual");

        await EnqueueAsync();

        Assert.That(await ClockTestData.SkippedAsync(skip, "overlap"), Is.Empty, "a run-now is not an earlier occurrence");
    }

    [Test]
    public async Task EnqueueAsync_BufferOne_QueuesOneWaitingOccurrenceAndSkipsASecond()
    {
        var buffered = await WebhookAsync(OverlapPolicy.BufferOne);
        var full = await WebhookAsync(OverlapPolicy.BufferOne);
        await EarlierAsync(buffered, Occurrence.AddMinutes(-1));
        await EarlierAsync(full, Occurrence.AddMinutes(-2), trigger: "Retry", attempt: 2, running: false);
        await EarlierAsync(full, Occurrence.AddMinutes(-1), running: false);

        await EnqueueAsync();

        Assert.That((await ClockTestData.ExecutionsAsync(buffered)).Count(e => e.Status == "Pending" && e.ScheduledFor == Occurrence.ToString("O")), Is.EqualTo(1),
            "one may wait");
        Assert.That((await ClockTestData.SkippedAsync(full, "overlap")).Single().Message, Does.Contain("bufferOne"), "one is already waiting");
    }
}
