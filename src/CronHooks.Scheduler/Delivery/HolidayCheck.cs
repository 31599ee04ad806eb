using CronHooks.Application.Calendars.Common;
using CronHooks.Application.Common.Ports;
using CronHooks.Domain.Executions;
using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Webhooks;
using CronHooks.Infrastructure.Delivery;
using Npgsql;
using NpgsqlTypes;

namespace CronHooks.Scheduler.Delivery;

/// <summary>What a day off does to a claimed attempt: nothing (send it), a skip to record, or a move to a later due time.</summary>
public sealed record HolidayVerdict(AttemptOutcome? Skip, DateTimeOffset? MoveTo)
{
    public static readonly HolidayVerdict Send = new(null, null);
}

/// <summary>
/// The calendars' say over a claimed first attempt of a scheduled occurrence, decided at claim with the webhook the claim
/// loaded: a webhook without calendars costs nothing more. A moved occurrence stays the same queue row (same occurrence,
/// same webhook-id) with a later due time; when that comes, it is sent.
/// </summary>
public sealed class HolidayCheck(ICalendarReader calendars, IPublicHolidays publicHolidays, IScheduleCalculator schedules, NpgsqlDataSource dataSource)
{
    private static readonly TimeSpan MovedAfter = TimeSpan.FromSeconds(Jitter.MaxSeconds);

    /// <summary>Whether <paramref name="claim"/> is one the calendars decide about: a scheduled occurrence's first attempt of a webhook with calendars.</summary>
    public static bool Applies(Webhook webhook, ClaimedAttempt claim) =>
        webhook.CalendarIds.Count > 0 && claim.AttemptNumber == 1 && claim.Trigger == ExecutionTrigger.Schedule
        && webhook.ScheduleType == ScheduleType.Recurring;

    public async Task<HolidayVerdict> CheckAsync(Webhook webhook, ClaimedAttempt claim, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Moved already: a first attempt is due within the longest jitter of its occurrence, a moved one a day or more later.
        if (claim.DueAt - claim.ScheduledFor >= MovedAfter)
            return HolidayVerdict.Send;
        var zone = TimeZones.Find(webhook.TimeZone);
        var rule = new HolidayRule(await calendars.FindAllAsync(webhook.CalendarIds, cancellationToken), publicHolidays);
        var decision = rule.Decide(claim.ScheduledFor, webhook.OnHoliday, zone,
            HolidayOccurrences.RunsOn(schedules, webhook.CronExpression!, zone, webhook.StartsAt, webhook.EndsAt));
        if (decision.SkipReason is { } reason)
            return new HolidayVerdict(AttemptOutcome.Skipped(DeliveryErrorKinds.Holiday, reason), null);
        // Not a day off: sent as queued.
        if (decision.RunAt is not { } runAt || runAt == claim.ScheduledFor)
            return HolidayVerdict.Send;
        // Moved, it keeps its occurrence's jitter delay: the instant /upcoming and nextRunAt show.
        var dueAt = runAt + Jitter.DelayFor(webhook.Id, claim.ScheduledFor, webhook.JitterSeconds);
        // Moved to a time already past (the queue was behind): sent now.
        return dueAt > now ? new HolidayVerdict(null, dueAt) : HolidayVerdict.Send;
    }

    /// <summary>Gives the attempt back to the queue due at <paramref name="dueAt"/>; false when this node's lease was lost meanwhile.</summary>
    public async Task<bool> MoveAsync(string node, ClaimedAttempt claim, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE execution_queue SET lease_owner = NULL, lease_expires_at = NULL, due_at = @due
            WHERE id = @id AND lease_owner = @node AND lease_expires_at = @lease
            """);
        command.Parameters.AddWithValue("due", dueAt.ToUniversalTime());
        command.Parameters.AddWithValue("id", claim.Id);
        command.Parameters.AddWithValue("node", node);
        command.Parameters.AddWithValue("lease", NpgsqlDbType.TimestampTz, claim.LeaseExpiresAt);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
