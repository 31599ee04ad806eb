using System.Reflection;
using NetArchTest.Rules;

namespace CronHooks.UnitTests.Architecture;

/// <summary>
/// Inside the scheduler, dependencies point one way: Delivery may raise alerts, Alerts never use Delivery,
/// and what both workers share (node identity, database back-off, the worker loop) lives in Common.
/// </summary>
public sealed class SchedulerFolderTests
{
    private static readonly Assembly Scheduler = Assembly.Load("CronHooks.Scheduler");

    [TestCase("CronHooks.Scheduler.Alerts", "CronHooks.Scheduler.Delivery")]
    [TestCase("CronHooks.Scheduler.Alerts", "CronHooks.Scheduler.Clock")]
    [TestCase("CronHooks.Scheduler.Clock", "CronHooks.Scheduler.Delivery")]
    [TestCase("CronHooks.Scheduler.Clock", "CronHooks.Scheduler.Alerts")]
    [TestCase("CronHooks.Scheduler.Common", "CronHooks.Scheduler.Delivery")]
    [TestCase("CronHooks.Scheduler.Common", "CronHooks.Scheduler.Alerts")]
    [TestCase("CronHooks.Scheduler.Common", "CronHooks.Scheduler.Clock")]
    public void Folder_DoesNotDependOn(string folder, string other)
    {
        var result = Types.InAssembly(Scheduler).That().ResideInNamespace(folder).ShouldNot().HaveDependencyOn(other).GetResult();

        Assert.That(result.IsSuccessful, Is.True, string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Test]
    public void FolderRules_WouldCatchAViolation()
    {
        // Guards the guard: Delivery does queue alerts (in the transaction that records an outcome), and the rule must say so.
        var result = Types.InAssembly(Scheduler).That().ResideInNamespace("CronHooks.Scheduler.Delivery").ShouldNot().HaveDependencyOn("CronHooks.Scheduler.Alerts").GetResult();

        Assert.That(result.IsSuccessful, Is.False);
    }
}
