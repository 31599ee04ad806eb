using CronHooks.Bench.Environment;

namespace CronHooks.Bench.Scenarios;

/// <summary>
/// <c>n</c> recurring webhooks on a handful of cron expressions that all have an occurrence at the next whole minute
/// (the load a cron clock gets: many webhooks on few schedules), each due at that minute.
/// </summary>
internal static class RecurringLoad
{
    public static Task<LoadOutcome> RunAsync(CronHooksStack stack, int n)
    {
        // The next minute boundary with room to insert and for the nodes to store the triggers, lead included.
        var due = MinuteAfter(TimeSpan.FromSeconds(8 + n / 8000.0));
        var hooks = new List<BulkWebhook>(n);
        var expected = new Dictionary<int, DateTimeOffset>(n);
        Add(stack, n, due, hooks, expected);
        Console.WriteLine($"  {n} recurring on {Expressions(due).Length} expressions, due at {due:HH:mm:ss} (waiting for the minute)");
        return DueLoad.RunAsync(stack, hooks, expected, due, due);
    }

    /// <summary>The next whole minute at least <paramref name="lead"/> away.</summary>
    public static DateTimeOffset MinuteAfter(TimeSpan lead)
    {
        var earliest = DateTimeOffset.UtcNow + lead;
        return new DateTimeOffset(earliest.Ticks - earliest.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero).AddMinutes(1);
    }

    /// <summary>Adds <paramref name="n"/> recurring webhooks due at the whole minute <paramref name="due"/> (and at no other instant).</summary>
    public static void Add(CronHooksStack stack, int n, DateTimeOffset due, List<BulkWebhook> hooks, Dictionary<int, DateTimeOffset> expected)
    {
        var expressions = Expressions(due);
        for (var i = 0; i < n; i++)
        {
            var index = DueLoad.NewIndex();
            // The window holds only this minute's occurrence: triggers that survive from earlier runs fire nothing else.
            hooks.Add(new BulkWebhook(index, stack.OwnerId, null, expressions[i % expressions.Length], due.AddSeconds(30), StartsAt: due.AddSeconds(-1)));
            expected[index] = due;
        }
    }

    private static string[] Expressions(DateTimeOffset due)
    {
        var m = due.Minute;
        return ["* * * * *", "*/1 * * * *", "0-59 * * * *", $"{m} * * * *", $"{m},{(m + 30) % 60} * * * *"];
    }
}
