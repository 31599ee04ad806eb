namespace CronHooks.BrowserTests;

/// <summary>The API and one scheduler node as real processes on one database, as ./run.sh runs them; shared with the CLI tests.</summary>
internal static class ServiceProcesses
{
    /// <summary>Starts both on <paramref name="connectionString"/> (deliveries may reach loopback) and waits until both are ready.</summary>
    public static async Task<(ServiceProcess Api, ServiceProcess Scheduler)> StartAsync(string connectionString)
    {
        var settings = TestSettings.ForProcess(connectionString).With(TestSettings.UnlimitedSignIns);
        var api = ServiceProcess.Start(RepositoryRoot.BuildOutput("src/CronHooks.Api"), settings);
        var scheduler = ServiceProcess.Start(RepositoryRoot.BuildOutput("src/CronHooks.Scheduler"), settings);
        try
        {
            await Task.WhenAll(api.WaitUntilReadyAsync(TimeSpan.FromSeconds(60)), scheduler.WaitUntilReadyAsync(TimeSpan.FromSeconds(60)));
        }
        catch
        {
            await scheduler.DisposeAsync();
            await api.DisposeAsync();
            throw;
        }
        return (api, scheduler);
    }
}
