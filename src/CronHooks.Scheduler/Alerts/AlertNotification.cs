using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CronHooks.Domain.Alerts;

namespace CronHooks.Scheduler.Alerts;

/// <summary>
/// The JSON body an alert URL receives: a human sentence in <c>text</c> (what a Slack incoming webhook
/// shows; it ignores the other members) and the same facts as structured members for programs.
/// </summary>
public sealed record AlertNotification(
    string Type,
    string Text,
    Guid AlertId,
    Guid WebhookId,
    string WebhookName,
    Guid ExecutionId,
    DateTimeOffset ScheduledFor,
    int Attempt,
    string? ErrorKind,
    int? ResponseCode,
    int ConsecutiveFailures,
    DateTimeOffset OccurredAt)
{
    /// <summary>For <c>webhook.missed</c>: how many occurrences were missed; null for the other kinds.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? MissedOccurrences { get; init; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static AlertNotification For(ClaimedAlert alert, string webhookName) => new(
        alert.Kind, TextFor(alert, webhookName), alert.Id, alert.WebhookId, webhookName, alert.ExecutionId,
        alert.ScheduledFor, alert.AttemptNumber, alert.ErrorKind, alert.ResponseCode, alert.ConsecutiveFailures, alert.OccurredAt)
    {
        MissedOccurrences = alert.MissedOccurrences,
    };

    /// <summary>The exact bytes sent, and signed.</summary>
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    private static string TextFor(ClaimedAlert alert, string webhookName)
    {
        var name = $"\"{SlackEscape(webhookName)}\"";
        var occurrence = Instant(alert.ScheduledFor);
        var at = Instant(alert.OccurredAt);
        var error = Describe(alert.ErrorKind, alert.ResponseCode);
        return alert.Kind switch
        {
            AlertKinds.OccurrenceFailed =>
                $"CronHooks: webhook {name} failed. The occurrence of {occurrence} gave up after attempt {alert.AttemptNumber}: {error}, at {at}.",
            AlertKinds.WebhookFailing =>
                $"CronHooks: webhook {name} is failing: {alert.ConsecutiveFailures} attempts in a row failed. The last (attempt {alert.AttemptNumber} of the occurrence of {occurrence}): {error}, at {at}.",
            AlertKinds.WebhookRecovered =>
                $"CronHooks: webhook {name} recovered: attempt {alert.AttemptNumber} of the occurrence of {occurrence} succeeded at {at}, after {alert.ConsecutiveFailures} failed attempts in a row.",
            AlertKinds.WebhookPaused =>
                $"CronHooks: webhook {name} paused itself: {alert.ConsecutiveFailures} occurrences in a row failed. The last (attempt {alert.AttemptNumber} of the occurrence of {occurrence}): {error}, at {at}. Resume it once the receiver is fixed.",
            AlertKinds.WebhookMissed =>
                $"CronHooks: webhook {name} missed {Occurrences(alert.MissedOccurrences ?? 1)} while no scheduler node ran. The latest missed was the occurrence of {occurrence}; recorded at {at}.",
            _ => $"CronHooks: webhook {name}: {alert.Kind} at {at}.",
        };
    }

    private static string Describe(string? errorKind, int? responseCode) => (errorKind, responseCode) switch
    {
        (not null, not null) => $"{errorKind} (HTTP {responseCode.Value.ToString(CultureInfo.InvariantCulture)})",
        (not null, null) => errorKind,
        (null, not null) => $"HTTP {responseCode.Value.ToString(CultureInfo.InvariantCulture)}",
        _ => "no error recorded",
    };

    private static string Occurrences(int n) =>
        n == 1 ? "1 occurrence" : $"{n.ToString(CultureInfo.InvariantCulture)} occurrences";

    private static string Instant(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    // Slack reads &, < and > as markup (links, mentions); a webhook's name must show as typed.
    private static string SlackEscape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
