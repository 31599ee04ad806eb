using System.Net;
using System.Net.Http.Json;
using CronHooks.IntegrationTests.Host;

namespace CronHooks.IntegrationTests.Admin;

public sealed class AdminAccessTests : ApiTest
{
    private static readonly string[] Reads = ["/api/v1/admin/users", "/api/v1/admin/webhooks", "/api/v1/admin/executions", "/api/v1/admin/cluster", "/api/v1/admin/audit"];

    [Test]
    public async Task AdminOperations_ForAUserWithATokenOrAKey_ReturnNotFound()
    {
        var admin = await Api.CreateAdminClientAsync("root");
        var user = await Api.CreateUserClientAsync("mallory");
        var userKey = await Api.KeyClientAsync(user, "write");
        var adminWriteKey = await Api.KeyClientAsync(admin, "write");
        var rootId = await admin.UserIdAsync();

        foreach (var caller in new[] { user, userKey, adminWriteKey, Api.CreateClient() })
        {
            foreach (var path in Reads)
                await AssertProblemAsync(await caller.GetAsync(path), HttpStatusCode.NotFound);
            // Also before any body is read: a bad body must not reveal that the operation exists.
            await AssertProblemAsync(await caller.PostAsync($"/api/v1/admin/users/{rootId}/disable", null), HttpStatusCode.NotFound);
            await AssertProblemAsync(await caller.PutAsJsonAsync($"/api/v1/admin/users/{rootId}/role", new { nonsense = 1 }), HttpStatusCode.NotFound);
        }
        Assert.That(await TestSupport.TestDatabase.ScalarAsync<DateTime?>("SELECT disabled_at FROM users WHERE username = 'root'"), Is.Null);
    }

    [Test]
    public async Task AdminOperations_ForAnAdminTokenOrAdminScopedKey_Answer()
    {
        var admin = await Api.CreateAdminClientAsync("root");
        var adminKey = await Api.KeyClientAsync(admin, "admin");
        Assert.That((await ReadJsonAsync(await admin.GetAsync("/api/v1/auth/me"))).GetProperty("role").GetString(), Is.EqualTo("admin"));

        foreach (var path in Reads)
        {
            Assert.That((await admin.GetAsync(path)).StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
            Assert.That((await adminKey.GetAsync(path)).StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        }
    }

    [Test]
    public async Task CreateApiKey_WithAdminScopeByAUser_ReturnsValidationProblem()
    {
        var user = await Api.CreateUserClientAsync();

        var response = await user.PostAsJsonAsync("/api/v1/api-keys", new { name = "x", scope = "admin" });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "scope");
        Assert.That((await ReadJsonAsync(await user.GetAsync("/api/v1/auth/me"))).GetProperty("role").GetString(), Is.EqualTo("user"));
    }
}
