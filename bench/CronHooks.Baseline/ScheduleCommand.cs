using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace CronHooks.Baseline;

/// <summary>
/// Stores N durable jobs, each with its own trigger, through a scheduler instance that is never started
/// (it only writes to the clustered store; the serve nodes fire). Jobs go in batches of ScheduleJobs,
/// one store transaction each, as a user loading many jobs would do.
/// </summary>
internal static class ScheduleCommand
{
    private const int BatchSize = 1000;

    public static async Task<int> RunAsync(Options options, CancellationToken cancellationToken)
    {
        var connectionString = options.Required("connection");
        var count = options.Int("count");
        var urlTemplate = options.Required("url-template");
        var makeTrigger = TriggerFactory(options, count);
        // Job i is "<prefix>-i": one-time and cron runs into the same store do not overwrite each other.
        var prefix = options.Optional("job-prefix") ?? (options.Optional("at") is null ? "cron" : "once");

        var services = new ServiceCollection()
            .AddLogging()
            .AddBaselineQuartz(connectionString, instanceId: null, BaselineQuartz.DefaultThreads);
        await using var provider = services.BuildServiceProvider();
        var scheduler = await provider.GetRequiredService<ISchedulerFactory>().GetScheduler(cancellationToken);

        var stopwatch = Stopwatch.StartNew();
        var batch = new Dictionary<IJobDetail, IReadOnlyCollection<ITrigger>>();
        for (var i = 0; i < count; i++)
        {
            var name = $"{prefix}-{i}";
            var job = JobBuilder.Create<FireWebhookJob>()
                .WithIdentity(name, BaselineQuartz.JobGroup)
                .UsingJobData(BaselineQuartz.UrlKey, urlTemplate.Replace("{i}", i.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal))
                .StoreDurably()
                .Build();
            var trigger = makeTrigger(job, i);
            batch[job] = [trigger];
            if (batch.Count == BatchSize || i == count - 1)
            {
                // Replacing makes a repeated run overwrite its own jobs instead of failing on the first key.
                await scheduler.ScheduleJobs(batch, ScheduleJobOptions.Replacing, cancellationToken);
                batch.Clear();
            }
        }
        stopwatch.Stop();
        await scheduler.Shutdown(waitForJobsToComplete: false, cancellationToken);

        Console.WriteLine($"scheduled {count} jobs in {stopwatch.Elapsed.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture)} s");
        return 0;
    }

    /// <summary>
    /// One-time job i of N is due i*spread/N after the first: a uniform rate over the spread; with a batch,
    /// rounded down to a whole batch, so the same rate arrives as one batch per interval (as CronHooks' clock,
    /// with one trigger per second, turns any rate into one batch per second).
    /// </summary>
    private static double DueOffsetMs(int i, int count, int spreadMs, int batchMs)
    {
        var offset = (double)i * spreadMs / count;
        return batchMs > 0 ? Math.Floor(offset / batchMs) * batchMs : offset;
    }

    private static Func<IJobDetail, int, ITrigger> TriggerFactory(Options options, int count)
    {
        var at = options.Optional("at");
        var cron = options.Optional("cron");
        if ((at is null) == (cron is null))
            throw new UsageException("Give exactly one of --at <instant> or --cron <expression>.");

        if (at is not null)
        {
            if (!DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var first))
                throw new UsageException($"--at must be an ISO-8601 instant, not '{at}'.");
            var spreadMs = options.Int("spread-ms", 0);
            var batchMs = options.Int("batch-ms", 0);
            return (job, i) => TriggerBuilder.Create().WithIdentity(job.Key.Name, BaselineQuartz.JobGroup).ForJob(job)
                .StartAt(first.AddMilliseconds(DueOffsetMs(i, count, spreadMs, batchMs)))
                .Build();
        }

        if (!CronExpression.TryParse(cron!, CronFormat.Unix, out _))
            throw new UsageException($"--cron must be a 5-field Unix cron expression, not '{cron}'.");
        var zoneId = options.Required("time-zone");
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone))
            throw new UsageException($"--time-zone must be an IANA time zone, not '{zoneId}'.");
        return (job, _) => TriggerBuilder.Create().WithIdentity(job.Key.Name, BaselineQuartz.JobGroup).ForJob(job)
            .WithSchedule(CronScheduleBuilder.Create(cron!, CronFormat.Unix).InTimeZone(zone))
            .StartNow()
            .Build();
    }
}
