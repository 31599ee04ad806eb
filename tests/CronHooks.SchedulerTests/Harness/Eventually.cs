namespace CronHooks.SchedulerTests.Harness;

/// <summary>Waiting on real processes and receivers: poll until a condition holds or a deadline passes, never sleep-then-assert.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="probe"/> until <paramref name="done"/> accepts its value; fails with the last value otherwise.</summary>
    /// <remarks><paramref name="describe"/> shows the last value in the failure (entities have no useful ToString).</remarks>
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what, Func<T, string>? describe = null) =>
        (await PollAsync(probe, done, timeout, last => $"Timed out after {timeout.TotalSeconds:0.#} s waiting for {what}; last value: {(describe is null ? last : describe(last))}")).Value;

    public static Task TrueAsync(Func<Task<bool>> probe, TimeSpan timeout, string what) =>
        ReturnsAsync(probe, ok => ok, timeout, what);

    public static Task TrueAsync(Func<bool> probe, TimeSpan timeout, string what) =>
        ReturnsAsync(() => Task.FromResult(probe()), ok => ok, timeout, what);

    /// <summary>Polls until <paramref name="condition"/> holds and returns how long that took.</summary>
    public static async Task<TimeSpan> HoldsAsync(Func<Task<bool>> condition, TimeSpan within, Func<string> describeFailure) =>
        (await PollAsync(condition, ok => ok, within, _ => $"Not true within {within}: {describeFailure()}")).Elapsed;

    /// <summary>Waits until the wall clock passes <paramref name="instant"/> (setting up "time has passed", not asserting).</summary>
    public static async Task PassedAsync(DateTimeOffset instant)
    {
        var wait = instant - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait);
    }

    private static async Task<(T Value, TimeSpan Elapsed)> PollAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, Func<T, string> failure)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var value = await probe();
            if (done(value))
                return (value, TimeProvider.System.GetElapsedTime(started));
            if (TimeProvider.System.GetElapsedTime(started) > timeout)
                Assert.Fail(failure(value));
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }
}
