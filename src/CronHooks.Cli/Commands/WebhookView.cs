using System.Text.Json;
using CronHooks.Cli.Common;
using CronHooks.Client;

namespace CronHooks.Cli.Commands;

/// <summary>How a webhook reads in a terminal.</summary>
internal static class WebhookView
{
    public static string Schedule(WebhookResponse w) =>
        w.ScheduleType switch
        {
            ScheduleType.Recurring => $"{w.CronExpression} ({w.Timezone})",
            ScheduleType.Interval => $"every {w.IntervalSeconds} s from {Wire.Time(w.Anchor)}",
            _ => $"once at {Wire.Time(w.ScheduledAt)}",
        };

    public static void List(Terminal t, IEnumerable<WebhookResponse> webhooks) =>
        t.Table(["ID", "KEY", "NAME", "SCHEDULE", "STATE", "NEXT RUN", "LAST"], webhooks.Select(w => (IReadOnlyList<string>)
        [
            w.Id.ToString(), w.Key ?? "-", w.Name, Schedule(w), Wire.Name(w.State), Wire.Time(w.NextRunAt),
            w.Activity?.LastResult is { } last ? t.Status(Wire.Name(last.Status)) : "-",
        ]));

    public static void Detail(Terminal t, WebhookResponse w)
    {
        var rows = new List<(string, string?)>
        {
            ("id", w.Id.ToString()), ("key", w.Key), ("name", w.Name), ("url", w.Url), ("method", Wire.Name(w.HttpMethod)),
            ("schedule", Schedule(w)), ("state", Wire.Name(w.State)), ("next run", Wire.Time(w.NextRunAt)),
            ("last run", Wire.Time(w.LastExecutionAt)), ("retries", $"{w.MaxRetries} after {w.RetryDelaySeconds}s, doubling"),
            ("timeout", $"{w.TimeoutSeconds}s"), ("missed runs", Wire.Name(w.MissedRunPolicy)),
            ("headers", w.Headers.Count == 0 ? null : string.Join(", ", w.Headers.Select(h => $"{h.Key}: {h.Value}"))),
            ("payload", w.Payload is null ? null : JsonSerializer.Serialize(w.Payload)),
            ("alert", w.Alert is null ? null : $"{w.Alert.Url} after {w.Alert.ConsecutiveFailures} failures"),
            ("signing secret", w.SigningSecret is null ? null : $"{w.SigningSecret}  (shown this once: keep it)"),
        };
        foreach (var (name, value) in rows.Where(r => r.Item2 is not null))
            t.Line($"{t.Bold((name + ":").PadRight(16))}{value}");
    }
}
