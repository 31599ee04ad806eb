using System.Reflection;
using NetArchTest.Rules;

namespace CronHooks.UnitTests.Architecture;

/// <summary>Dependencies point inward: Domain knows nothing, Application knows only Domain.</summary>
public sealed class LayerTests
{
    private static readonly Assembly Domain = typeof(CronHooks.Domain.Webhooks.Webhook).Assembly;
    private static readonly Assembly Application = typeof(CronHooks.Application.DependencyInjection).Assembly;

    [TestCase("CronHooks.Application")]
    [TestCase("CronHooks.Infrastructure")]
    [TestCase("CronHooks.Api")]
    [TestCase("CronHooks.Scheduler")]
    [TestCase("Microsoft.EntityFrameworkCore")]
    [TestCase("Npgsql")]
    [TestCase("Quartz")]
    [TestCase("Microsoft.AspNetCore")]
    public void Domain_DoesNotDependOn(string outer)
    {
        var result = Types.InAssembly(Domain).ShouldNot().HaveDependencyOn(outer).GetResult();

        Assert.That(result.IsSuccessful, Is.True, string.Join(", ", result.FailingTypeNames ?? []));
    }

    [TestCase("CronHooks.Infrastructure")]
    [TestCase("CronHooks.Api")]
    [TestCase("CronHooks.Scheduler")]
    [TestCase("Npgsql")]
    [TestCase("Quartz")]
    [TestCase("Microsoft.AspNetCore")]
    public void Application_DoesNotDependOn(string outer)
    {
        var result = Types.InAssembly(Application).ShouldNot().HaveDependencyOn(outer).GetResult();

        Assert.That(result.IsSuccessful, Is.True, string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Test]
    public void ArchitectureRules_WouldCatchAViolation()
    {
        // Guards the guard: Infrastructure does depend on Npgsql, and the rule must say so.
        var result = Types.InAssembly(typeof(CronHooks.Infrastructure.DependencyInjection).Assembly).ShouldNot().HaveDependencyOn("Npgsql").GetResult();

        Assert.That(result.IsSuccessful, Is.False);
    }
}
