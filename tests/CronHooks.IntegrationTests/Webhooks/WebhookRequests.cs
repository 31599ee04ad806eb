using System.Globalization;

namespace CronHooks.IntegrationTests.Webhooks;

/// <summary>Request bodies as a user would write them.</summary>
internal static class WebhookRequests
{
    public static Dictionary<string, object?> Recurring(string cron = "0 9 * * *", string? timezone = null) => new()
    {
        ["name"] = "Morning report",
        ["url"] = "https://example.com/hooks/report",
        ["scheduleType"] = "recurring",
        ["cronExpression"] = cron,
        ["timezone"] = timezone,
    };

    public static Dictionary<string, object?> Once(DateTimeOffset at) => new()
    {
        ["name"] = "Reminder",
        ["url"] = "https://example.com/hooks/reminder",
        ["httpMethod"] = "PUT",
        ["headers"] = new Dictionary<string, string> { ["X-Api-Key"] = "abc123" },
        ["payload"] = new { message = "hello", count = 3 },
        ["scheduleType"] = "once",
        ["scheduledAt"] = at.ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture),
    };

    public static Dictionary<string, object?> With(this Dictionary<string, object?> body, string field, object? value)
    {
        var copy = new Dictionary<string, object?>(body) { [field] = value };
        return copy;
    }
}
