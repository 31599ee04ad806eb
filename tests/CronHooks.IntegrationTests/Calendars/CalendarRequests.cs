using System.Net.Http.Json;
using System.Text.Json;

namespace CronHooks.IntegrationTests.Calendars;

/// <summary>Calendar bodies and calls as a user would make them.</summary>
internal static class CalendarRequests
{
    public static Dictionary<string, object?> Calendar(string name = "Company days off", string? timezone = "Europe/Berlin", string[]? dates = null, string? country = null) => new()
    {
        ["name"] = name,
        ["timezone"] = timezone,
        ["dates"] = dates ?? ["2026-12-24"],
        ["country"] = country,
    };

    public static async Task<JsonElement> CreateCalendarAsync(this HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/v1/calendars", body);
        if (!response.IsSuccessStatusCode)
            Assert.Fail($"create calendar failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
