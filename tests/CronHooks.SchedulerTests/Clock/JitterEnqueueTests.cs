using CronHooks.Application.Webhooks.Common;
using CronHooks.Domain.Scheduling;
using CronHooks.Infrastructure.Scheduling;
using CronHooks.Scheduler.Clock;
using Npgsql;

namespace CronHooks.SchedulerTests.Clock;

/// <summary>
/// Jitter has two homes, the C# formula (nextRunAt, /upcoming, the preview) and its SQL twin (the enqueue statement):
/// these hold them to one answer, and the enqueued attempt to what /upcoming promised.
/// </summary>
[NonParallelizable]
public sealed class JitterEnqueueTests
{
    private static readonly DateTimeOffset Occurrence = new(2027, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private NpgsqlDataSource dataSource = null!;
    private Guid owner;

    [SetUp]
    public async Task SetUp()
    {
        await ClockTestData.ResetAsync();
        dataSource = NpgsqlDataSource.Create(TestDatabase.ConnectionString);
        owner = await ClockTestData.CreateUserAsync();
    }

    [TearDown]
    public async Task TearDown() => await dataSource.DisposeAsync();

    [Test]
    public async Task JitterSql_WhenComparedWithTheCSharpFormulaOnManyInputs_AgreesToTheMillisecond()
    {
        var random = new Random(18);
        var inputs = Enumerable.Range(0, 3000).Select(_ => (
            Id: Guid.NewGuid(),
            At: DateTimeOffset.FromUnixTimeMilliseconds(random.NextInt64(0, 4_102_444_800_000)),
            Jitter: random.Next(1, Jitter.MaxSeconds + 1))).ToArray();

        await using var command = dataSource.CreateCommand($"""
            SELECT {Jitter.Sql("i.id", "i.at", "i.jitter")}
            FROM unnest($1::uuid[], $2::timestamptz[], $3::int[]) WITH ORDINALITY AS i(id, at, jitter, n) ORDER BY i.n
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = inputs.Select(i => i.Id).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = inputs.Select(i => i.At).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = inputs.Select(i => i.Jitter).ToArray() });
        var fromSql = new List<DateTimeOffset>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                fromSql.Add(reader.GetFieldValue<DateTimeOffset>(0));
        }

        var fromCSharp = inputs.Select(i => Jitter.DueAt(i.Id, i.At, i.Jitter)).ToArray();
        Assert.That(fromSql, Is.EqualTo(fromCSharp));
        Assert.That(inputs.Zip(fromCSharp).All(p => p.Second >= p.First.At && p.Second < p.First.At.AddSeconds(p.First.Jitter)), Is.True);
        Assert.That(fromCSharp.Select((due, n) => due - inputs[n].At).Distinct().Count(), Is.GreaterThan(2900), "the delays spread out");
    }

    [Test]
    public async Task EnqueueAsync_WhenWebhooksHaveJitter_QueuesEachDueWhereUpcomingShowedItAndKeepsTheOccurrence()
    {
        const string cron = "0 9 * * *";
        var createdAt = Occurrence.AddDays(-1);
        var jittered = await ClockTestData.InsertJitteredAsync(owner, 3600, cron, createdAt: createdAt);
        var other = await ClockTestData.InsertJitteredAsync(owner, 3600, cron, createdAt: createdAt);
        var plain = await ClockTestData.InsertJitteredAsync(owner, 0, cron, createdAt: createdAt);
        // What /upcoming (and nextRunAt) answer a minute before the occurrence.
        var calculator = new QuartzScheduleCalculator(TimeProvider.System);
        var promised = new[] { jittered, other, plain }.ToDictionary(w => w.Id, w => ScheduledRuns.Next(w, calculator, holidays: null, Occurrence.AddMinutes(-1), 1).Single());

        await new DueWebhookEnqueuer(dataSource).EnqueueRecurringAsync(ClockTestData.KeyOf(cron), Occurrence, onTime: true, Occurrence, CancellationToken.None);

        foreach (var webhook in new[] { jittered, other, plain })
        {
            var row = (await ClockTestData.ExecutionsAsync(webhook.Id)).Single();
            Assert.That(row.ScheduledFor, Is.EqualTo(Occurrence.ToString("O")), "the webhook-id stays the occurrence's");
            Assert.That(promised[webhook.Id].Occurrence, Is.EqualTo(Occurrence));
            Assert.That(row.DueAt, Is.EqualTo(promised[webhook.Id].DueAt), $"jitter {webhook.JitterSeconds}");
        }
        Assert.That((await ClockTestData.ExecutionsAsync(plain.Id)).Single().DueAt, Is.EqualTo(Occurrence));
        Assert.That((await ClockTestData.ExecutionsAsync(jittered.Id)).Single().DueAt,
            Is.Not.EqualTo((await ClockTestData.ExecutionsAsync(other.Id)).Single().DueAt), "two webhooks on one schedule are spread");
    }

    [Test]
    public async Task EnqueueAsync_WhenAnIntervalScheduleFires_QueuesItsWebhooksAtTheOccurrence()
    {
        var anchor = Occurrence.AddMinutes(-270);
        var webhook = await ClockTestData.InsertJitteredAsync(owner, 0, intervalSeconds: 5400, anchor: anchor, createdAt: anchor.AddSeconds(-1));
        var schedule = await new DueWebhookEnqueuer(dataSource).IntervalScheduleAsync(webhook.ScheduleKey, CancellationToken.None);

        Assert.That(schedule, Is.EqualTo(new IntervalSchedule(5400, anchor)));
        Assert.That(schedule!.LatestAtOrBefore(Occurrence.AddSeconds(1)), Is.EqualTo(Occurrence), "every 90 minutes from 04:30 falls on 09:00");
        var (queued, _) = await new DueWebhookEnqueuer(dataSource).EnqueueRecurringAsync(webhook.ScheduleKey, Occurrence, true, Occurrence, CancellationToken.None);
        Assert.That(queued, Is.EqualTo(1));
        Assert.That((await ClockTestData.ExecutionsAsync(webhook.Id)).Single().ScheduledFor, Is.EqualTo(Occurrence.ToString("O")));
    }
}
