using System.Collections.Concurrent;
using CronHooks.Domain.Webhooks;
using CronHooks.Infrastructure.Delivery;
using CronHooks.SchedulerTests.Delivery;
using CronHooks.SchedulerTests.Harness;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace CronHooks.SchedulerTests.Failover;

/// <summary>
/// Two real nodes deliver one-time webhooks (some failing once, retried) and every-minute webhooks while a node
/// is frozen past its leases, every PostgreSQL backend is terminated twice and PostgreSQL restarts.
/// </summary>
[OwnDatabase, Parallelizable]
public sealed class ChaosTests
{
    private static readonly Dictionary<string, string> NodeSettings = new()
    {
        // Leases of timeout (2 s) + 5 s: a node frozen for 20 s has lost every attempt it held.
        ["Delivery__LeaseMargin"] = "00:00:05",
        ["Delivery__MaxDatabaseBackoff"] = "00:00:02",
    };

    private readonly ConcurrentQueue<(string MessageId, int Status)> answers = new();
    private readonly ConcurrentDictionary<string, int> seen = new();

    [Test]
    public async Task FrozenNode_KilledBackends_RestartedDatabase_EveryOccurrenceArrives_FailuresRetried_NothingLeftBehind()
    {
        using var receiver = WireMockServer.Start();
        // /flaky answers 500 to the first request of each message and 200 to the rest; /ok always 200.
        receiver.Given(Request.Create().WithPath("/flaky")).RespondWith(Response.Create().WithCallback(request => Answer(request, failFirst: true)));
        receiver.Given(Request.Create().WithPath("/ok")).RespondWith(Response.Create().WithCallback(request => Answer(request, failFirst: false)));
        string Url(string path) => $"http://127.0.0.1:{receiver.Port}{path}";

        await using var postgres = await PrivatePostgres.StartWithDatabaseAsync();
        var data = new DeliveryTestData(postgres.ConnectionString + ";Pooling=false");
        var owner = await data.CreateOwnerAsync();
        await using var a = await SchedulerNodes.StartAsync(postgres.ConnectionString, NodeSettings, "a");
        await using var b = await SchedulerNodes.StartAsync(postgres.ConnectionString, NodeSettings, "b");
        var nodes = new[] { a, b };

        var started = DateTimeOffset.UtcNow;
        var cron = new List<Guid>();
        for (var i = 0; i < 3; i++)
            cron.Add((await CreateAsync(data, owner, Url(i == 0 ? "/flaky" : "/ok"), w =>
            {
                w.ScheduleType = ScheduleType.Recurring;
                w.ScheduledAt = null;
                w.CronExpression = "* * * * *";
            })).Id);
        var once = new List<(Guid Id, DateTimeOffset At)>();
        var first = Seconds(started.AddSeconds(12));
        for (var i = 0; i < 24; i++)
        {
            var at = first.AddSeconds(4 * i);
            once.Add(((await CreateAsync(data, owner, Url(i % 2 == 0 ? "/flaky" : "/ok"), w => w.ScheduledAt = at)).Id, at));
        }
        TestContext.Out.WriteLine($"started {started:O}; one-time webhooks due {first:O} to {once[^1].At:O}");

        try
        {
            await UntilAsync(started.AddSeconds(20));
            var frozen = nodes.OrderByDescending(n => n.Lines("Delivery success").Count()).First();
            await frozen.FreezeAsync();
            TestContext.Out.WriteLine($"froze {frozen.Name} at {DateTimeOffset.UtcNow:O}");
            await Task.Delay(TimeSpan.FromSeconds(20));
            await frozen.ThawAsync();
            TestContext.Out.WriteLine($"thawed {frozen.Name} at {DateTimeOffset.UtcNow:O}");

            for (var round = 0; round < 2; round++)
            {
                await Task.Delay(TimeSpan.FromSeconds(8));
                var terminated = await data.ScalarAsync<long>(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'");
                TestContext.Out.WriteLine($"terminated {terminated} backends at {DateTimeOffset.UtcNow:O}");
            }

            await Task.Delay(TimeSpan.FromSeconds(8));
            await postgres.StopAsync();
            TestContext.Out.WriteLine($"PostgreSQL stopped at {DateTimeOffset.UtcNow:O}");
            await Task.Delay(TimeSpan.FromSeconds(5));
            await postgres.StartAsync();
            TestContext.Out.WriteLine($"PostgreSQL started at {DateTimeOffset.UtcNow:O}");

            // Every one-time occurrence and its retry, and every cron occurrence of the minutes the test spanned.
            var lastOnce = once.Max(w => w.At);
            var end = lastOnce > DateTimeOffset.UtcNow ? lastOnce : DateTimeOffset.UtcNow;
            var minutes = Minutes(started.AddSeconds(5), end).ToList();
            var expected = once.Select(w => WebhookMessageId.For(w.Id, w.At))
                .Concat(cron.SelectMany(id => minutes.Select(m => WebhookMessageId.For(id, m))))
                .ToHashSet();
            await Eventually.TrueAsync(() => expected.All(Succeeded), TimeSpan.FromSeconds(120),
                "every occurrence answered 200 (failures retried)");
            await Eventually.TrueAsync(async () => await data.ScalarAsync<long>(
                    "SELECT count(*) FROM execution_queue WHERE due_at < now() - interval '20 seconds'") == 0,
                TimeSpan.FromSeconds(60), "no attempt left pending or running");

            // Minutes after the ones awaited may have fired by now: they are known occurrences too.
            var known = cron.SelectMany(id => Minutes(started, DateTimeOffset.UtcNow.AddMinutes(1)).Select(m => WebhookMessageId.For(id, m)))
                .Concat(expected).ToHashSet();
            var strays = answers.Select(x => x.MessageId).Distinct().Where(id => !known.Contains(id)).ToList();
            var failedFirst = answers.Where(x => x.Status == 500).Select(x => x.MessageId).Distinct().ToList();
            Assert.Multiple(() =>
            {
                Assert.That(minutes, Is.Not.Empty, "the test spanned a minute boundary");
                Assert.That(strays, Is.Empty, "every request carried the webhook-id of a known occurrence: duplicates only with the same id");
                Assert.That(failedFirst, Is.Not.Empty, "scripted failures happened");
                Assert.That(failedFirst.Where(id => !Succeeded(id)), Is.Empty, "every scripted failure was retried to success");
                Assert.That(nodes.Where(n => n.HasExited).Select(n => n.Name), Is.Empty, "every node is still up");
            });
        }
        catch
        {
            foreach (var node in nodes)
                TestContext.Out.WriteLine($"--- {node.Name}\n{string.Join('\n', node.OutputLines.TakeLast(300))}");
            throw;
        }
    }

    private ResponseMessage Answer(IRequestMessage request, bool failFirst)
    {
        var id = request.Headers!["webhook-id"].Single();
        var count = seen.AddOrUpdate(id, 1, (_, n) => n + 1);
        var status = failFirst && count == 1 ? 500 : 200;
        answers.Enqueue((id, status));
        return new ResponseMessage { StatusCode = status };
    }

    private bool Succeeded(string messageId) => answers.Any(x => x.MessageId == messageId && x.Status == 200);

    private static async Task<Webhook> CreateAsync(DeliveryTestData data, Guid owner, string url, Action<Webhook> schedule)
    {
        var webhook = await data.CreateWebhookAsync(owner, url, w =>
        {
            w.TimeoutSeconds = 2;
            w.MaxRetries = 3;
            w.RetryDelaySeconds = 1;
            schedule(w);
        });
        await data.ExecuteAsync("INSERT INTO schedule_outbox (schedule_key, created_at) VALUES (@p0, now())", webhook.ScheduleKey!);
        return webhook;
    }

    /// <summary>The whole minutes strictly after <paramref name="from"/> and up to <paramref name="to"/>.</summary>
    private static IEnumerable<DateTimeOffset> Minutes(DateTimeOffset from, DateTimeOffset to)
    {
        var minute = new DateTimeOffset(from.Year, from.Month, from.Day, from.Hour, from.Minute, 0, TimeSpan.Zero).AddMinutes(1);
        for (; minute <= to; minute = minute.AddMinutes(1))
            yield return minute;
    }

    private static DateTimeOffset Seconds(DateTimeOffset at) => at.AddTicks(-(at.Ticks % TimeSpan.TicksPerSecond));

    private static async Task UntilAsync(DateTimeOffset at)
    {
        var wait = at - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait);
    }
}
