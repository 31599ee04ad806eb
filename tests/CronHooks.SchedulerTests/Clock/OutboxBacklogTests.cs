using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using CronHooks.Domain.Scheduling;
using CronHooks.SchedulerTests.Harness;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace CronHooks.SchedulerTests.Clock;

/// <summary>
/// After a day without scheduler nodes: a million outbox rows, mostly for schedules whose webhooks are gone,
/// and a webhook due a minute later. Real nodes, a real receiver.
/// </summary>
[NonParallelizable]
public sealed partial class OutboxBacklogTests : SchedulerNodeTest
{
    /// <summary>
    /// The time to ready docs/operations.md states for this backlog (a million rows, ~170,000 keys) on a loaded
    /// 2-core machine, process start included. Replaying the rows as a FIFO took minutes.
    /// </summary>
    private static readonly TimeSpan ReadyBound = TimeSpan.FromSeconds(30);

    private const int BacklogRows = 1_000_000;

    private WireMockServer receiver = null!;

    [SetUp]
    public void StartReceiver()
    {
        receiver = WireMockServer.Start();
        receiver.Given(Request.Create().WithPath("/due")).RespondWith(Response.Create().WithStatusCode(200));
    }

    [TearDown]
    public void StopReceiver()
    {
        receiver.Stop();
        receiver.Dispose();
    }

    [Test]
    public async Task Nodes_WhenAMillionOutboxRowsWaited_AreReadyWithinTheBoundAndFireOnTime()
    {
        // Triggers of schedules whose webhooks then went while no node ran: half with their outbox rows, half without.
        var later = ClockTestData.SecondsFromNow(7_200);
        var goneCron = new List<Guid>();
        for (var i = 0; i < 20; i++)
            goneCron.Add(await ClockTestData.InsertCronAsync(Owner, $"{i} 2 * * *"));
        var goneOnce = await ClockTestData.InsertOnceWebhooksAsync(Owner, [.. Enumerable.Range(0, 20).Select(i => later.AddSeconds(i))]);
        var seed = await StartNodeAsync("seed");
        await Eventually.HoldsAsync(async () => (await ClockTestData.TriggerNamesAsync()).Count == 40, TimeSpan.FromSeconds(30), () => "seed triggers");
        await seed.StopAsync();
        foreach (var (webhook, i) in goneCron.Concat(goneOnce).Select((w, i) => (w, i)))
        {
            if (i % 2 == 0)
                await ClockTestData.DeleteAsync(webhook);
            else
                await ClockTestData.ExecuteAsync("DELETE FROM webhooks WHERE id = $1", webhook);
        }

        // Webhooks created meanwhile, which need triggers, and paused ones, which must get none.
        var start = ClockTestData.SecondsFromNow(600);
        var liveOnce = Enumerable.Range(0, 200).Select(i => start.AddSeconds(i)).ToArray();
        await ClockTestData.InsertOnceWebhooksAsync(Owner, liveOnce);
        var paused = Enumerable.Range(0, 100).Select(i => start.AddSeconds(1_000 + i)).ToArray();
        await ClockTestData.InsertOnceWebhooksAsync(Owner, paused, active: false);
        var liveCron = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            await ClockTestData.InsertCronAsync(Owner, $"{i} 4 * * *");
            liveCron.Add(ClockTestData.KeyOf($"{i} 4 * * *"));
        }
        var wanted = liveOnce.Select(ScheduleKey.ForInstant).Concat(liveCron).ToList();
        var touched = wanted.Concat(paused.Select(ScheduleKey.ForInstant))
            .Concat(Enumerable.Range(0, 20).Select(i => ClockTestData.KeyOf($"{i} 2 * * *")))
            .Concat(Enumerable.Range(0, 20).Select(i => ScheduleKey.ForInstant(later.AddSeconds(i)))).ToArray();

        // The day's edits: 60 % for 150,000 one-time schedules and 30 % for 20,000 cron schedules that no webhook has
        // any more, 10 % repeating the keys above.
        await ClockTestData.ExecuteAsync("""
            INSERT INTO schedule_outbox (schedule_key, created_at)
            SELECT CASE
                    WHEN i % 10 < 6 THEN 'once-' || to_char(timestamp '2026-01-01' + (i % 150000) * interval '1 second', 'YYYYMMDD"T"HH24MISS"Z"')
                    WHEN i % 10 < 9 THEN 'cron-' || md5((i % 20000)::text)
                    ELSE ($2::text[])[1 + (i / 10) % cardinality($2::text[])]
                END,
                now() - interval '1 day' + i * interval '80 milliseconds'
            FROM generate_series(1, $1) AS i
            """, BacklogRows, touched);
        // Written last, behind the whole backlog.
        var due = ClockTestData.SecondsFromNow(60);
        var target = await ClockTestData.InsertOnceAsync(Owner, due, url: $"http://127.0.0.1:{receiver.Port}/due");
        wanted.Add(ScheduleKey.ForInstant(due));

        var started = Stopwatch.GetTimestamp();
        var nodes = await Task.WhenAll(StartNodeAsync("a", readyWithin: ReadyBound), StartNodeAsync("b", readyWithin: ReadyBound));
        TestContext.Out.WriteLine($"both nodes ready {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s after they were started");
        foreach (var node in nodes)
            TestContext.Out.WriteLine($"{node.Name}: {string.Join(" | ", node.Lines("Reconciled").Select(l => ReconciledLine().Match(l).Value))}");

        // Ready: no trigger missing for an active webhook, none kept for a deleted or paused one.
        Assert.That(await ClockTestData.TriggerNamesAsync(), Is.EqualTo(wanted.Order(StringComparer.Ordinal).ToList()));
        // One node compared the keys and discarded the backlog; the other waited for it rather than doing it again.
        var discardedBy = nodes.Select(n => DiscardedRows(n).DefaultIfEmpty(0).Max()).ToArray();
        Assert.That(discardedBy.Count(d => d >= BacklogRows * 9 / 10), Is.EqualTo(1), string.Join(", ", discardedBy));

        await Eventually.HoldsAsync(() => Task.FromResult(RequestsTo("/due").Count > 0), due - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(20),
            () => "the webhook due behind the backlog never arrived");
        var arrived = new DateTimeOffset(DateTime.SpecifyKind(RequestsTo("/due")[0], DateTimeKind.Utc));
        Assert.That(arrived, Is.GreaterThanOrEqualTo(due).And.LessThan(due.AddSeconds(5)), $"due {due:O}");
        await Eventually.HoldsAsync(async () => await ClockTestData.OutboxCountAsync() == 0, TimeSpan.FromSeconds(30), () => "outbox not drained");
        Assert.That(RequestsTo("/due"), Has.Count.EqualTo(1));
        Assert.That(await ClockTestData.ExecutionCountAsync(target), Is.EqualTo(1));
    }

    private List<DateTime> RequestsTo(string path) =>
        [.. receiver.LogEntries.Where(e => e.RequestMessage!.Path == path).Select(e => e.RequestMessage!.DateTime).Order()];

    private static IEnumerable<long> DiscardedRows(ServiceProcess node) =>
        node.Lines("Reconciled").Select(line => DiscardedLine().Match(line)).Where(m => m.Success)
            .Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"(\d+) outbox rows up to id")]
    private static partial Regex DiscardedLine();

    [GeneratedRegex(@"Reconciled [^""]*")]
    private static partial Regex ReconciledLine();
}
