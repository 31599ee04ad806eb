using System.Text.Json;
using CronHooks.Domain.Callbacks;
using CronHooks.Domain.Webhooks;
using CronHooks.Scheduler.Alerts;

namespace CronHooks.Scheduler.Callbacks;

/// <summary>
/// The JSON body a callback URL receives: which attempt of which occurrence it reports, how it ended, its timing and
/// (up to 4 KiB of) what the receiver answered. <c>type</c> is <c>attempt.finished</c> at <c>callbackUrl</c> and
/// <c>occurrence.failed</c> at <c>failureCallbackUrl</c>.
/// </summary>
public sealed record CallbackNotification(
    string Type,
    Guid CallbackId,
    Guid WebhookId,
    string WebhookName,
    Guid ExecutionId,
    DateTimeOffset ScheduledFor,
    int Attempt,
    string Status,
    int? ResponseCode,
    int? DurationMs,
    string? ErrorKind,
    string? ErrorMessage,
    string? ResponseBody,
    bool ResponseTruncated,
    DateTimeOffset ExecutedAt)
{
    public const string AttemptFinished = "attempt.finished";
    public const string OccurrenceFailed = "occurrence.failed";

    public static CallbackNotification For(ClaimedAlert callback, string webhookName)
    {
        var details = callback.Details is { } json
            ? JsonSerializer.Deserialize<CallbackDetails>(json, CallbackJson.Options)!
            : new CallbackDetails("failed", null, null, null, false);
        return new(callback.Kind == CallbackKinds.Failure ? OccurrenceFailed : AttemptFinished, callback.Id, callback.WebhookId, webhookName,
            callback.ExecutionId, callback.ScheduledFor, callback.AttemptNumber, details.Status, callback.ResponseCode, details.DurationMs,
            callback.ErrorKind, details.ErrorMessage, details.ResponseBody, details.ResponseTruncated, callback.OccurredAt);
    }

    /// <summary>Where a callback of <paramref name="kind"/> goes now (null: the webhook no longer has that URL).</summary>
    public static string? UrlFor(string kind, Webhook webhook) =>
        kind == CallbackKinds.Failure ? webhook.FailureCallbackUrl : webhook.CallbackUrl;

    /// <summary>The exact bytes sent, and signed.</summary>
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, CallbackJson.Options);
}
