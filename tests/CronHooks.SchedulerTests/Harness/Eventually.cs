namespace CronHooks.SchedulerTests.Harness;

/// <summary>Waiting on real processes: poll a condition until it holds or a deadline passes, never sleep-then-assert.</summary>
public static class Eventually
{
    public static async Task<TimeSpan> HoldsAsync(Func<Task<bool>> condition, TimeSpan within, Func<string> describeFailure)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            if (await condition())
                return TimeProvider.System.GetElapsedTime(started);
            if (TimeProvider.System.GetElapsedTime(started) > within)
                Assert.Fail($"Not true within {within}: {describeFailure()}");
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    /// <summary>Waits until the wall clock passes <paramref name="instant"/> (setting up "time has passed", not asserting).</summary>
    public static async Task PassedAsync(DateTimeOffset instant)
    {
        var wait = instant - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait);
    }
}
