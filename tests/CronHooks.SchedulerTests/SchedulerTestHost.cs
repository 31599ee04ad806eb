using CronHooks.SchedulerTests.Harness;

namespace CronHooks.SchedulerTests;

/// <summary>Once per run: a fresh migrated database for the scheduler tests (fixtures marked [OwnDatabase] get their own).</summary>
[SetUpFixture]
public sealed class SchedulerTestHost
{
    [OneTimeSetUp]
    public async Task StartAsync()
    {
        await TestDatabase.CreateAsync();
        TestDatabase.Scoped = OwnDatabaseAttribute.OfCurrentTest;
    }
}
