using System.Globalization;
using CronHooks.Domain.Alerts;
using CronHooks.Domain.Executions;
using CronHooks.Domain.Webhooks;
using CronHooks.Infrastructure.Delivery;
using CronHooks.Infrastructure.Persistence;
using Npgsql;
using Quartz;

namespace CronHooks.Scheduler.Clock;

/// <summary>
/// Accounts for the occurrences of a recurring schedule that no firing enqueued on time: those between the schedule's
/// watermark and the occurrence just enqueued (no node ran when they were due), and that occurrence itself when it came
/// late. Per webhook, in one set-based statement: within its catch-up window <c>all</c> queues each in order and
/// <c>runOnce</c> only the latest; everything else gets a history row, skipped with error kind <c>missed</c> and a
/// message saying why, and each webhook with such rows one <c>webhook.missed</c> alert. At most
/// <see cref="CatchupWindow.MaxOccurrencesPerCatchUp"/> occurrences are looked at; older ones are counted in the oldest row's message.
/// On time with no gap (the steady state) it decides that from the cron expression alone and touches no database.
/// The alerts are picked up at the alert workers' next poll (Alerts:PollInterval): the clock does not reach into the alert engine.
/// </summary>
internal sealed class MissedOccurrences(NpgsqlDataSource dataSource, ILogger<MissedOccurrences> logger)
{
    // Gaps are counted no further back than the longest window allows, plus a day: older occurrences can only be missed.
    private static readonly TimeSpan CountedBack = TimeSpan.FromSeconds(CatchupWindow.MaxSeconds) + TimeSpan.FromDays(1);

    private static readonly string Sql = $$"""
        WITH occ AS (
            SELECT o, n FROM unnest($2::timestamptz[]) WITH ORDINALITY AS t(o, n)
        ), cand AS MATERIALIZED (
            SELECT w.id, w.owner_id, w.missed_run_policy AS policy, w.catchup_window_seconds AS window_s, occ.o,
                   ($5 - occ.o <= make_interval(secs => w.catchup_window_seconds) OR (occ.o = $3 AND $4)) AS within
            FROM webhooks w CROSS JOIN occ
            WHERE w.schedule_key = $1 AND w.is_active AND w.schedule_type <> '{{nameof(ScheduleType.Once)}}'
              AND (w.starts_at IS NULL OR w.starts_at <= occ.o) AND (w.ends_at IS NULL OR w.ends_at >= occ.o)
              AND w.created_at <= occ.o
              AND NOT EXISTS (SELECT 1 FROM execution_queue q WHERE q.webhook_id = w.id AND q.scheduled_for = occ.o AND q.attempt_number = 1)
              AND NOT EXISTS (SELECT 1 FROM executions h WHERE h.webhook_id = w.id AND h.scheduled_for = occ.o AND h.attempt_number = 1)
        ), decided AS (
            SELECT c.*,
                   c.within AND (c.policy = '{{nameof(MissedRunPolicy.All)}}' OR (c.policy = '{{nameof(MissedRunPolicy.RunOnce)}}' AND c.o = $3)) AS runs,
                   row_number() OVER (PARTITION BY c.id ORDER BY c.o) AS oldest_first
            FROM cand c
        ), queued AS (
            -- Due at their own instants: the claim takes the oldest first, so they go out in order.
            INSERT INTO execution_queue (id, webhook_id, owner_id, scheduled_for, attempt_number, trigger, due_at, created_at)
            SELECT {{AttemptIds.NewSql}}, d.id, d.owner_id, d.o, 1, '{{nameof(ExecutionTrigger.Schedule)}}', d.o, $5
            FROM decided d WHERE d.runs
            ON CONFLICT (webhook_id, scheduled_for, attempt_number) DO NOTHING
            RETURNING 1
        ), missed AS (
            INSERT INTO executions (id, webhook_id, owner_id, status, attempt_number, trigger, scheduled_for, due_at, response_truncated,
                                    error_kind, error_message, created_at, finished_at)
            SELECT {{AttemptIds.NewSql}}, d.id, d.owner_id, '{{nameof(ExecutionStatus.Skipped)}}', 1, '{{nameof(ExecutionTrigger.Schedule)}}', d.o, d.o, false,
                   '{{DeliveryErrorKinds.Missed}}',
                   CASE WHEN NOT d.within
                        THEN format('missed: no scheduler node ran within the catch-up window of %s s after %s.', d.window_s, {{Utc("d.o")}})
                        WHEN d.policy = '{{nameof(MissedRunPolicy.RunOnce)}}'
                        THEN format('missed: no scheduler node ran at %s; the latest missed occurrence (%s) ran in its place (missedRunPolicy runOnce).', {{Utc("d.o")}}, {{Utc("$3")}})
                        ELSE format('missed: no scheduler node ran at %s, and missedRunPolicy skip runs no late occurrence.', {{Utc("d.o")}})
                   END || CASE WHEN d.oldest_first = 1 THEN $6 ELSE '' END,
                   $5, $5
            FROM decided d WHERE NOT d.runs
            ON CONFLICT DO NOTHING
            RETURNING id, webhook_id, owner_id, scheduled_for
        ), alerted AS (
            -- One alert per webhook and catch-up, keyed by its latest missed row: a repeated catch-up records nothing new and alerts nothing.
            INSERT INTO alerts (id, webhook_id, owner_id, kind, event_key, status, execution_id, scheduled_for, attempt_number,
                                error_kind, consecutive_failures, occurred_at, created_at, due_at, attempts, missed_occurrences)
            SELECT gen_random_uuid(), m.webhook_id, m.owner_id, '{{AlertKinds.WebhookMissed}}', m.last_id, '{{nameof(AlertStatus.Pending)}}',
                   m.last_id, m.last_for, 1, '{{DeliveryErrorKinds.Missed}}', 0, $5, now(), now(), 0, m.n + $7
            FROM (SELECT webhook_id, owner_id, count(*) AS n, (array_agg(id ORDER BY scheduled_for DESC))[1] AS last_id,
                         max(scheduled_for) AS last_for
                  FROM missed GROUP BY webhook_id, owner_id) m
            WHERE EXISTS (SELECT 1 FROM webhooks w WHERE w.id = m.webhook_id AND w.alert_url IS NOT NULL)
            ON CONFLICT (webhook_id, kind, event_key) DO NOTHING
            RETURNING 1
        )
        SELECT (SELECT count(*) FROM queued)::int, (SELECT count(*) FROM missed)::int, (SELECT count(*) FROM alerted)::int
        """;

    /// <summary>
    /// Accounts for what was missed before <paramref name="occurrence"/> (after <paramref name="watermark"/>, the schedule's
    /// watermark before it was enqueued) and, when <paramref name="onTime"/> is false, for <paramref name="occurrence"/> itself.
    /// </summary>
    public async Task AccountAsync(string scheduleKey, Func<DateTimeOffset, DateTimeOffset?> schedule, DateTimeOffset occurrence, DateTimeOffset? watermark,
        bool onTime, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (gap, older, countedFrom) = Gap(schedule, watermark, occurrence);
        if (gap.Count == 0 && onTime)
            return;
        gap.Add(occurrence);
        var olderNote = older == 0 ? "" : string.Create(CultureInfo.InvariantCulture,
            $" {(countedFrom > watermark ? "At least " : "")}{older} earlier occurrences since {watermark:yyyy-MM-ddTHH:mm:ssZ} were missed too; they are not recorded one by one.");

        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter { Value = scheduleKey });
        command.Parameters.Add(new NpgsqlParameter { Value = gap.Select(o => o.UtcDateTime).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = occurrence.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter { Value = onTime });
        command.Parameters.Add(new NpgsqlParameter { Value = now.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter { Value = olderNote });
        command.Parameters.Add(new NpgsqlParameter { Value = older });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (queued, missed, alerted) = (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2));
        if (missed > 0 || queued > 0)
            logger.LogWarning("Schedule {ScheduleKey}: {Missed} missed occurrences recorded, {Queued} caught up, {Older} older ones counted, {Alerted} webhook.missed alerts queued, before {Occurrence:O}",
                scheduleKey, missed, queued, older, alerted, occurrence);
    }

    /// <summary>
    /// The occurrences strictly between <paramref name="watermark"/> and <paramref name="occurrence"/>, the latest ones only
    /// (at most the cap, less one for the occurrence itself), oldest first; how many earlier ones there were; and from where they were counted.
    /// </summary>
    internal static (List<DateTimeOffset> Gap, int Older, DateTimeOffset? CountedFrom) Gap(CronExpression schedule, DateTimeOffset? watermark, DateTimeOffset occurrence) =>
        Gap(schedule.GetNextValidTimeAfter, watermark, occurrence);

    /// <summary>As above, for any recurring schedule (<paramref name="nextAfter"/>: its first occurrence after an instant).</summary>
    internal static (List<DateTimeOffset> Gap, int Older, DateTimeOffset? CountedFrom) Gap(
        Func<DateTimeOffset, DateTimeOffset?> nextAfter, DateTimeOffset? watermark, DateTimeOffset occurrence)
    {
        if (watermark is not { } from || from >= occurrence)
            return ([], 0, null);
        var countedFrom = from < occurrence - CountedBack ? occurrence - CountedBack : from;
        var kept = new Queue<DateTimeOffset>();
        var older = 0;
        var cursor = countedFrom;
        while (nextAfter(cursor) is { } next && next < occurrence)
        {
            kept.Enqueue(next);
            if (kept.Count > CatchupWindow.MaxOccurrencesPerCatchUp - 1)
            {
                kept.Dequeue();
                older++;
            }
            cursor = next;
        }
        return ([.. kept], older, countedFrom);
    }

    private static string Utc(string column) => $"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";
}
