using System.Collections.Concurrent;
using NUnit.Framework.Interfaces;

namespace CronHooks.SchedulerTests.Harness;

/// <summary>
/// A fixture with a migrated database of its own — its own queue, history and Quartz cluster — so that, marked
/// <c>[Parallelizable]</c>, it runs beside the other such fixtures: the long process and fault tests mostly wait.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class OwnDatabaseAttribute : Attribute, ITestAction
{
    private static readonly ConcurrentDictionary<string, string> Databases = new();

    public ActionTargets Targets => ActionTargets.Suite;

    public void BeforeTest(ITest test) =>
        Databases.GetOrAdd(test.ClassName!, _ => TestDatabase.CreateMigratedAsync().GetAwaiter().GetResult());

    public void AfterTest(ITest test)
    {
    }

    /// <summary>The running test's fixture database, or null when its fixture shares the run's database.</summary>
    public static string? OfCurrentTest() =>
        TestContext.CurrentContext.Test.ClassName is { } fixture && Databases.TryGetValue(fixture, out var database) ? database : null;
}
