
namespace CronHooks.SchedulerTests;

/// <summary>Once per run: a fresh migrated database for the scheduler tests.</summary>
[SetUpFixture]
public sealed class SchedulerTestHost
{
    [OneTimeSetUp]
    public async Task StartAsync() => await TestDatabase.CreateAsync();
}
