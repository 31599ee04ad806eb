using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CronHooks.Application.Admin.GrantAdmin;
using CronHooks.IntegrationTests.Host;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace CronHooks.IntegrationTests.Admin;

/// <summary>Admins made the way an operator makes the first one (the <c>admin grant</c> command's use case), and their keys.</summary>
internal static class AdminClients
{
    public static async Task<HttpClient> CreateAdminClientAsync(this ApiFactory api, string username)
    {
        var client = await api.CreateUserClientAsync(username);
        await using var scope = api.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ISender>().Send(new GrantAdminCommand(username));
        return client;
    }

    public static async Task<HttpClient> KeyClientAsync(this ApiFactory api, HttpClient owner, string scope)
    {
        var response = await owner.PostAsJsonAsync("/api/v1/api-keys", new { name = scope, scope });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var key = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString();
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public static async Task<string> UserIdAsync(this HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/auth/me")).GetProperty("id").GetString()!;
}
