using CronHooks.Application.Webhooks.Common;
using CronHooks.Domain.Scheduling;
using CronHooks.Infrastructure.Scheduling;
using CronHooks.SchedulerTests.Harness;
using Npgsql;

namespace CronHooks.SchedulerTests.Clock;

/// <summary>
/// Real nodes fire a real interval trigger: every occurrence on the anchor's grid is queued once, and a jittered
/// webhook's attempt is due, and sent, at the instant /upcoming promised, whichever of two nodes queued it.
/// </summary>
[OwnDatabase, Parallelizable]
public sealed class IntervalJitterFiringTests : SchedulerNodeTest
{
    // Below the API's 60 s floor (webhooks are stored directly): a few occurrences in seconds.
    private const int IntervalSeconds = 2;
    private const int JitterSeconds = 2;

    [Test]
    public async Task TwoNodes_WhenIntervalWebhooksHaveJitter_SendEachOccurrenceOnceAtTheInstantUpcomingShowed()
    {
        var anchor = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60);
        var webhooks = new List<CronHooks.Domain.Webhooks.Webhook>();
        for (var i = 0; i < 3; i++)
            webhooks.Add(await ClockTestData.InsertJitteredAsync(Owner, JitterSeconds, intervalSeconds: IntervalSeconds, anchor: anchor, createdAt: anchor));
        var started = DateTimeOffset.UtcNow;
        await Task.WhenAll(StartNodeAsync("a"), StartNodeAsync("b"));
        TestContext.Out.WriteLine($"two nodes ready in {DateTimeOffset.UtcNow - started}");
        // What /upcoming answers (it reads the same ScheduledRuns), for runs whose occurrence comes after the nodes are up.
        var calculator = new QuartzScheduleCalculator(TimeProvider.System);
        var promised = webhooks.ToDictionary(w => w.Id, w => ScheduledRuns.Next(w, calculator, holidays: null, DateTimeOffset.UtcNow.AddSeconds(JitterSeconds + 1), 2));

        await Eventually.HoldsAsync(async () => await SentAsync(promised) == 6, TimeSpan.FromSeconds(30),
            () => "the promised runs were not all sent");

        foreach (var webhook in webhooks)
        {
            var rows = await RowsAsync(webhook.Id);
            Assert.That(rows.Select(r => r.ScheduledFor).Distinct().Count(), Is.EqualTo(rows.Count), "each occurrence queued once");
            foreach (var (scheduledFor, dueAt, executedAt) in rows)
            {
                Assert.That((scheduledFor - anchor).Ticks % TimeSpan.FromSeconds(IntervalSeconds).Ticks, Is.Zero, $"{scheduledFor:O} is on the grid");
                Assert.That(dueAt, Is.EqualTo(Jitter.DueAt(webhook.Id, scheduledFor, JitterSeconds)), "due at the formula's instant");
                Assert.That(executedAt, Is.Null.Or.GreaterThanOrEqualTo(dueAt), "not sent before it was due");
            }
            foreach (var run in promised[webhook.Id])
                Assert.That(rows.Single(r => r.ScheduledFor == run.Occurrence).DueAt, Is.EqualTo(run.DueAt), "due where /upcoming said");
        }
    }

    private static async Task<long> SentAsync(Dictionary<Guid, IReadOnlyList<ScheduledRun>> promised)
    {
        var pairs = promised.SelectMany(p => p.Value.Select(r => (Id: p.Key, At: r.Occurrence.ToUniversalTime()))).ToArray();
        return await TestDatabase.ScalarAsync<long>("""
            SELECT count(*) FROM executions e JOIN unnest($1::uuid[], $2::timestamptz[]) AS p(id, at) ON e.webhook_id = p.id AND e.scheduled_for = p.at
            WHERE e.executed_at IS NOT NULL AND e.attempt_number = 1
            """, pairs.Select(p => p.Id).ToArray(), pairs.Select(p => p.At).ToArray());
    }

    private static async Task<List<(DateTimeOffset ScheduledFor, DateTimeOffset DueAt, DateTimeOffset? ExecutedAt)>> RowsAsync(Guid webhookId)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT scheduled_for, due_at, executed_at FROM all_executions WHERE webhook_id = $1 AND attempt_number = 1 ORDER BY scheduled_for", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = webhookId });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(DateTimeOffset, DateTimeOffset, DateTimeOffset?)>();
        while (await reader.ReadAsync())
            rows.Add((reader.GetFieldValue<DateTimeOffset>(0), reader.GetFieldValue<DateTimeOffset>(1),
                reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2)));
        return rows;
    }
}
