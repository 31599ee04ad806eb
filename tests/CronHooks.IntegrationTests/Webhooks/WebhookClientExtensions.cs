using System.Net.Http.Json;
using System.Text.Json;

namespace CronHooks.IntegrationTests.Webhooks;

internal static class WebhookClientExtensions
{
    public static async Task<JsonElement> CreateWebhookAsync(this HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/v1/webhooks", body);
        if (!response.IsSuccessStatusCode)
            Assert.Fail($"create failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static string Id(this JsonElement resource) => resource.GetProperty("id").GetString()!;
}
