using System.Reflection;
using NetArchTest.Rules;

namespace CronHooks.UnitTests.Architecture;

/// <summary>
/// The two hosts stay apart and reach the database through ports: neither references the other, the
/// scheduler's workers never hold the EF context, and authentication reads users through a port.
/// </summary>
public sealed class HostTests
{
    // Loaded by name: both hosts define a global Program, so naming one of their types would be ambiguous.
    private static readonly Assembly Api = Assembly.Load("CronHooks.Api");
    private static readonly Assembly Scheduler = Assembly.Load("CronHooks.Scheduler");

    [TestCase("CronHooks.Scheduler")]
    [TestCase("Quartz")]
    public void Api_DoesNotDependOn(string other)
    {
        var result = Types.InAssembly(Api).ShouldNot().HaveDependencyOn(other).GetResult();

        Assert.That(result.IsSuccessful, Is.True, string.Join(", ", result.FailingTypeNames ?? []));
    }

    [TestCase("CronHooks.Api")]
    [TestCase("Microsoft.EntityFrameworkCore")]
    [TestCase("CronHooks.Infrastructure.Persistence.CronHooksDbContext")]
    public void Scheduler_DoesNotDependOn(string other)
    {
        var result = Types.InAssembly(Scheduler).ShouldNot().HaveDependencyOn(other).GetResult();

        Assert.That(result.IsSuccessful, Is.True, string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Test]
    public void ApiAuthentication_DoesNotDependOnPersistence()
    {
        var result = Types.InAssembly(Api).That().ResideInNamespace("CronHooks.Api.Auth").ShouldNot().HaveDependencyOn("CronHooks.Infrastructure.Persistence").GetResult();

        Assert.That(result.IsSuccessful, Is.True, string.Join(", ", result.FailingTypeNames ?? []));
    }
}
