using System.Net;
using System.Net.Http.Json;
using CronHooks.IntegrationTests.Host;
using CronHooks.IntegrationTests.Webhooks;

namespace CronHooks.IntegrationTests.Admin;

public sealed class AdminUsersTests : ApiTest
{
    [Test]
    public async Task DisableUser_ThenTheirTokenKeyAndLogin_AreUnauthorizedUntilEnabled()
    {
        var admin = await Api.CreateAdminClientAsync("root");
        var user = await Api.CreateUserClientAsync("ada");
        var key = await Api.KeyClientAsync(user, "write");
        var id = await user.UserIdAsync();

        var disabled = await admin.PostAsync($"/api/v1/admin/users/{id}/disable", null);

        Assert.That(disabled.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await ReadJsonAsync(disabled)).GetProperty("disabledAt").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.String));
        Assert.That((await user.GetAsync("/api/v1/webhooks")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await key.GetAsync("/api/v1/webhooks")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var login = await Api.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { username = "ada", password = "correct horse battery" });
        var problem = await AssertProblemAsync(login, HttpStatusCode.Unauthorized);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("disabled"));

        await admin.PostAsync($"/api/v1/admin/users/{id}/enable", null);
        Assert.That((await user.GetAsync("/api/v1/webhooks")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task DisableUser_WhenTheLastAdminDisablesThemselves_ReturnsConflictAndChangesNothing()
    {
        var admin = await Api.CreateAdminClientAsync("root");
        var id = await admin.UserIdAsync();

        var response = await admin.PostAsync($"/api/v1/admin/users/{id}/disable", null);
        var demote = await admin.PutAsJsonAsync($"/api/v1/admin/users/{id}/role", new { role = "user" });

        var problem = await AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("last enabled admin"));
        await AssertProblemAsync(demote, HttpStatusCode.Conflict);
        Assert.That((await admin.GetAsync("/api/v1/admin/users")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action IN ('DisableUser', 'SetUserRole')"), Is.Zero);
    }

    [Test]
    public async Task AdminUserOperations_ForAnUnknownUserOrBadInput_ReturnProblems()
    {
        var admin = await Api.CreateAdminClientAsync("root");
        var user = await Api.CreateUserClientAsync();
        var id = await user.UserIdAsync();
        var unknown = Guid.NewGuid();

        await AssertProblemAsync(await admin.PostAsync($"/api/v1/admin/users/{unknown}/disable", null), HttpStatusCode.NotFound);
        await AssertProblemAsync(await admin.PutAsJsonAsync($"/api/v1/admin/users/{unknown}/role", new { role = "admin" }), HttpStatusCode.NotFound);
        await AssertProblemAsync(await admin.PutAsJsonAsync($"/api/v1/admin/users/{id}/role", new { role = "root" }), HttpStatusCode.BadRequest, "role");
        await AssertProblemAsync(await admin.PutAsJsonAsync($"/api/v1/admin/users/{id}/quotas", new { attemptsPerMinute = 0 }), HttpStatusCode.BadRequest, "attemptsPerMinute");
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE actor_kind = 'Admin'"), Is.Zero);
    }

    [Test]
    public async Task ListUsers_ShowsCountsLoginsLockoutAndOverrides_AndUnlockClearsTheLockout()
    {
        var admin = await Api.CreateAdminClientAsync("root");
        var user = await Api.CreateUserClientAsync("grace");
        await user.CreateWebhookAsync(WebhookRequests.Recurring());
        var id = await user.UserIdAsync();
        for (var i = 0; i < 5; i++)
            await Api.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { username = "grace", password = "wrong password" });
        var locked = await Api.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { username = "grace", password = "correct horse battery" });
        await admin.PutAsJsonAsync($"/api/v1/admin/users/{id}/quotas", new { attemptsPerMinute = 50 });

        var listed = (await ReadJsonAsync(await admin.GetAsync("/api/v1/admin/users?search=GRAC"))).GetProperty("items");
        var unlocked = await admin.PostAsync($"/api/v1/admin/users/{id}/unlock", null);
        var login = await Api.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { username = "grace", password = "correct horse battery" });

        Assert.That(locked.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(listed.GetArrayLength(), Is.EqualTo(1));
        var row = listed[0];
        Assert.That(row.GetProperty("username").GetString(), Is.EqualTo("grace"));
        Assert.That(row.GetProperty("webhookCount").GetInt64(), Is.EqualTo(1));
        Assert.That(row.GetProperty("failedLogins").GetInt32(), Is.GreaterThanOrEqualTo(5));
        Assert.That(row.GetProperty("lastLoginAt").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.String));
        Assert.That(row.GetProperty("attemptsPerMinuteLimit").GetInt32(), Is.EqualTo(50));
        Assert.That(row.GetProperty("attemptsPerHostPerMinuteLimit").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
        Assert.That((await ReadJsonAsync(unlocked)).GetProperty("failedLogins").GetInt32(), Is.Zero);
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await TestDatabase.ScalarAsync<int?>("SELECT attempts_per_minute_limit FROM users WHERE username = 'grace'"), Is.EqualTo(50));
    }
}
