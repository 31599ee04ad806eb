namespace CronHooks.SchedulerTests.Delivery;

/// <summary>Polls a condition until it holds or a deadline passes (real processes and receivers take real time).</summary>
internal static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await probe();
            if (done(value))
                return value;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0.#} s waiting for {what}; last value: {value}");
            await Task.Delay(50);
        }
    }

    public static Task TrueAsync(Func<Task<bool>> probe, TimeSpan timeout, string what) =>
        ReturnsAsync(probe, ok => ok, timeout, what);

    public static Task TrueAsync(Func<bool> probe, TimeSpan timeout, string what) =>
        ReturnsAsync(() => Task.FromResult(probe()), ok => ok, timeout, what);
}
