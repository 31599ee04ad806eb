using CronHooks.Api.Startup;
using CronHooks.IntegrationTests.Host;

namespace CronHooks.IntegrationTests.Admin;

/// <summary><c>CronHooks.Api.dll admin grant &lt;username&gt;</c>, the one way to the first admin.</summary>
public sealed class AdminCommandLineTests : ApiTest
{
    [Test]
    public async Task AdminGrant_ForARegisteredUser_MakesThemAdminAndIsIdempotent()
    {
        var client = await Api.CreateUserClientAsync("Ops");

        var first = await AdminCommandLine.RunAsync(Api.Services, ["admin", "grant", "ops"]);
        var second = await AdminCommandLine.RunAsync(Api.Services, ["admin", "grant", "ops"]);

        Assert.That((first, second), Is.EqualTo((0, 0)));
        Assert.That((await client.GetAsync("/api/v1/admin/users")).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK));
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'GrantAdmin' AND actor_kind = 'System'"), Is.EqualTo(1));
    }

    [Test]
    public async Task AdminGrant_ForAnUnknownUserOrWithoutAName_FailsAndChangesNothing()
    {
        Assert.That(await AdminCommandLine.RunAsync(Api.Services, ["admin", "grant", "nobody"]), Is.EqualTo(1));
        Assert.That(await AdminCommandLine.RunAsync(Api.Services, ["admin", "grant"]), Is.EqualTo(2));
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM users WHERE role = 'Admin'"), Is.Zero);
    }
}
