using Microsoft.Extensions.Options;
using Npgsql;

namespace CronHooks.Scheduler.Clock;

/// <summary>
/// Compares the triggers with the webhooks table — the truth — and repairs the difference, a page of schedule
/// keys at a time (keyset pagination, so memory stays bounded by the page size whatever the number of keys). It
/// repairs drift the outbox cannot see (a trigger deleted by hand, a row lost to a restore), and it replaces
/// replaying a large outbox backlog: each page also discards the outbox rows of its keys up to a watermark read
/// before it began, since comparing a key against the webhooks table covers every change those rows announce.
/// One node at a time reconciles (<see cref="ReconcileLock"/>).
/// </summary>
internal sealed class ScheduleReconciler(
    NpgsqlDataSource dataSource,
    ScheduleSynchronizer synchronizer,
    IOptions<SchedulerOptions> options,
    TimeProvider clock,
    ILogger<ScheduleReconciler> logger)
{
    private const string Triggers = Infrastructure.Persistence.QuartzSchema.TablePrefix + "triggers";

    // The page's last key: the @page-th key after @after among active webhooks and triggers. Each branch is an
    // ordered range scan of an index that stops after @page keys. Outbox rows do not make pages: a key with rows but
    // neither webhook nor trigger has nothing to repair, and its rows go with the range they fall in.
    private const string PageEndSql = $"""
        SELECT max(k) FROM (
            SELECT k FROM (
                (SELECT DISTINCT schedule_key::text AS k FROM webhooks
                 WHERE is_active AND schedule_key > @after ORDER BY 1 LIMIT @page)
                UNION ALL
                (SELECT trigger_name FROM {Triggers}
                 WHERE sched_name = @sched AND trigger_group = @group AND trigger_name > @after ORDER BY 1 LIMIT @page)
            ) AS candidates ORDER BY k LIMIT @page
        ) AS page
        """;

    // A trigger whose one firing has begun has no next fire time: for the comparison it is as good as absent, and so is a
    // recurring one stored without the configured lead (Quartz's plain CRON type, or another lead): the repair replaces it.
    private const string PageStateSql = $"""
        SELECT DISTINCT w.schedule_key, true FROM webhooks w
        WHERE w.schedule_key > @after AND (w.schedule_key <= @up_to OR @up_to IS NULL) AND {ScheduleSynchronizer.NeedsTrigger}
        UNION ALL
        SELECT trigger_name, false FROM {Triggers}
        WHERE sched_name = @sched AND trigger_group = @group AND trigger_name > @after AND (trigger_name <= @up_to OR @up_to IS NULL)
            AND next_fire_time IS NOT NULL AND NOT (trigger_type = 'CRON' AND @lead_ms <> 0)
            AND NOT EXISTS (
                SELECT 1 FROM {Infrastructure.Persistence.QuartzSchema.TablePrefix}simprop_triggers s
                WHERE s.sched_name = @sched AND s.trigger_group = @group AND s.trigger_name = {Triggers}.trigger_name
                    AND {Triggers}.trigger_type = '{LeadCronTriggerPersistence.TriggerType}' AND s.long_prop_1 <> @lead_ms)
        """;

    /// <summary>
    /// Reconciles every key, under the cluster lock. When another node held the lock, it has just reconciled
    /// (or died trying): then this node only goes on if <paramref name="stillNeeded"/> says so.
    /// </summary>
    /// <returns>What happened; null when another node's reconciliation made this one unnecessary.</returns>
    public async Task<ReconcileResult?> ReconcileAsync(Func<CancellationToken, Task<bool>> stillNeeded, CancellationToken cancellationToken)
    {
        await using var turn = await ReconcileLock.AcquireAsync(dataSource, cancellationToken);
        if (turn.Waited && !await stillNeeded(cancellationToken))
            return null;

        var started = clock.GetTimestamp();
        // Triggers Quartz keeps but never fires are put back first, so the comparison below can trust the rest.
        var stuck = await StuckTriggers.RepairAsync(await synchronizer.SchedulerAsync(cancellationToken), dataSource, logger, cancellationToken);
        var watermark = await ScheduleOutbox.WatermarkAsync(dataSource, cancellationToken);
        var result = new ReconcileResult(0, 0, 0, 0, TimeSpan.Zero);
        string? after = "";
        while (after is not null)
        {
            var page = await ReconcilePageAsync(after, watermark, cancellationToken);
            result = result with
            {
                Pages = result.Pages + 1, Keys = result.Keys + page.Keys, Repaired = result.Repaired + page.Repaired,
                Discarded = result.Discarded + page.Discarded,
            };
            after = page.UpTo;
        }
        result = result with { Repaired = result.Repaired + stuck, Elapsed = clock.GetElapsedTime(started) };

        if (result.Repaired > 0)
            logger.LogWarning("Reconciliation repaired {Count} schedules whose triggers had drifted from the webhooks", result.Repaired);
        logger.LogInformation(
            "Reconciled {Keys} schedule keys in {Pages} pages in {Elapsed} ms: {Repaired} repaired, {Discarded} outbox rows up to id {Watermark} discarded",
            result.Keys, result.Pages, (long)result.Elapsed.TotalMilliseconds, result.Repaired, result.Discarded, watermark);
        return result;
    }

    /// <summary>The keys after <paramref name="after"/> up to the page's last, or all of them for the last page, in one transaction.</summary>
    private async Task<Page> ReconcilePageAsync(string after, long watermark, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        string? upTo;
        await using (var end = new NpgsqlCommand(PageEndSql, connection, transaction))
        {
            end.Parameters.AddWithValue("after", after);
            end.Parameters.AddWithValue("page", settings.ReconcilePageSize);
            end.Parameters.AddWithValue("sched", ClockServices.SchedulerName);
            end.Parameters.AddWithValue("group", ScheduleTriggers.Group);
            upTo = await end.ExecuteScalarAsync(cancellationToken) as string;
        }

        // Discarded before the webhooks are read below, so every change these rows announce is seen.
        var discarded = await ScheduleOutbox.DiscardRangeAsync(connection, transaction, after, upTo, watermark, cancellationToken);

        var wanted = new HashSet<string>(StringComparer.Ordinal);
        var existing = new HashSet<string>(StringComparer.Ordinal);
        await using (var state = new NpgsqlCommand(PageStateSql, connection, transaction))
        {
            state.Parameters.AddWithValue("after", after);
            state.Parameters.Add(new NpgsqlParameter<string?>("up_to", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = upTo });
            state.Parameters.AddWithValue("sched", ClockServices.SchedulerName);
            state.Parameters.AddWithValue("group", ScheduleTriggers.Group);
            state.Parameters.AddWithValue("now", clock.GetUtcNow());
            state.Parameters.AddWithValue("misfire_threshold", settings.MisfireThreshold);
            state.Parameters.AddWithValue("lead_ms", (long)settings.CronLead.TotalMilliseconds);
            await using var reader = await state.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                (reader.GetBoolean(1) ? wanted : existing).Add(reader.GetString(0));
        }
        var keys = wanted.Count + existing.Count(key => !wanted.Contains(key));
        var drift = new HashSet<string>(wanted, StringComparer.Ordinal);
        drift.SymmetricExceptWith(existing);

        // The drift was read without the keys' locks: the synchroniser looks again under them.
        if (drift.Count > 0)
            await synchronizer.SyncKeysAsync(connection, transaction, drift, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new Page(upTo, keys, drift.Count, discarded);
    }

    // UpTo: the page's last key, null for the last page (which runs to the end).
    private sealed record Page(string? UpTo, int Keys, int Repaired, int Discarded);
}

/// <summary>What one reconciliation did: schedule keys compared, triggers repaired, outbox rows discarded.</summary>
internal sealed record ReconcileResult(int Pages, int Keys, int Repaired, long Discarded, TimeSpan Elapsed);
