using CronHooks.Application.Common;
using CronHooks.Domain.Executions;
using CronHooks.Infrastructure.Persistence;
using CronHooks.Infrastructure.Quotas;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace CronHooks.Scheduler.Delivery;

/// <summary>
/// Claims and leases on the execution_queue table, in plain SQL on the shared data source (the hot path
/// needs SKIP LOCKED, window functions and conditional writes that EF would only wrap). A row waits while
/// its lease_owner is null and is running while a node holds it. Queue times (due, leases) are judged by
/// the database's clock, so nodes with skewed clocks still agree on them. Outcomes: <see cref="HistoryWriter"/>.
/// </summary>
public sealed class QueueClaims(NpgsqlDataSource dataSource, IOptions<QuotaOptions> quotas)
{
    // Fair claiming, in one statement, at a cost that follows the batch and the number of owners with due
    // work, never the size of the due backlog (docs/PERFORMANCE.md):
    // - owners: each owner with due work once, found by a loose index scan (one index probe per owner) over
    //   ix_execution_queue_owner_due;
    // - running (r): what each owner already has in flight anywhere in the cluster, counted per owner through
    //   ix_execution_queue_leases by a plain index scan (a bitmap scan never marks an entry dead, so it re-read every
    //   row that left the queue since the last vacuum: 49,000 entries a claim in a 50,000 drain);
    // - fair: per owner, only its oldest rows up to its free in-flight slots, read from the same index and
    //   locked there (rows another node is claiming right now are skipped; locking them here, not after a
    //   join, keeps the plan on the index when statistics lag behind a burst); never more than the claim can
    //   take, or a one-owner queue is locked whole and a node claiming at the same moment finds nothing;
    // - used/hosts: the owner's attempts this clock minute (each node's counter, written with its outcomes) plus its
    //   running ones, and its attempts this minute to each destination host (written ones only: the overshoot is bounded
    //   by the owner's in-flight cap); rows past Quotas:AttemptsPerOwnerPerMinute or AttemptsPerHostPerMinute stay queued
    //   for a later minute, unless they have waited longer than Quotas:MaxQuotaDelay: those are claimed marked
    //   over_quota, to be recorded skipped (quota_exceeded). An admin's per-user limits (users.attempts_per_*_limit)
    //   replace the settings; a disabled owner's rows are claimed at once marked owner_disabled, to be recorded skipped.
    //   The host comes from the webhook's URL, read by primary key, and its count by primary key, only for an owner whose
    //   minute could reach the host quota in this claim (a host's count never exceeds its owner's, so below that nothing
    //   can be held: the common case pays no host work at all);
    // - claimable: owners take turns (everyone's first row before anyone's second), and the lease
    //   outlasts the webhook's own timeout. Locked rows left out by the limit are free again at commit.
    private const string ClaimSql = $$"""
        WITH RECURSIVE owners AS (
            (SELECT owner_id FROM execution_queue
             WHERE lease_owner IS NULL AND due_at <= now() ORDER BY owner_id LIMIT 1)
            UNION ALL
            SELECT (SELECT e.owner_id FROM execution_queue e
                    WHERE e.lease_owner IS NULL AND e.due_at <= now() AND e.owner_id > o.owner_id
                    ORDER BY e.owner_id LIMIT 1)
            FROM owners o WHERE o.owner_id IS NOT NULL
        ), fair AS (
            SELECT d.id, d.due_at, o.owner_id, d.host,
                   row_number() OVER (PARTITION BY o.owner_id ORDER BY d.due_at, d.id) AS turn,
                   row_number() OVER (PARTITION BY o.owner_id, d.host ORDER BY d.due_at, d.id) AS host_turn,
                   r.n + u.n AS used,
                   CASE WHEN d.host IS NOT NULL THEN (
                       SELECT coalesce(sum(m.attempts), 0) FROM {{QuotaCounters.HostAttempts}} m
                       WHERE m.owner_id = o.owner_id AND m.host = d.host AND m.minute = date_trunc('minute', now())) END AS host_used,
                   coalesce(us.attempts_per_minute_limit, @owner_quota) AS owner_quota,
                   coalesce(us.attempts_per_host_per_minute_limit, @host_quota) AS host_quota,
                   coalesce(us.disabled_at IS NOT NULL, false) AS owner_disabled
            FROM owners o
            LEFT JOIN users us ON us.id = o.owner_id
            CROSS JOIN LATERAL (
                SELECT count(*) AS n FROM execution_queue x
                WHERE x.owner_id = o.owner_id AND x.lease_owner IS NOT NULL AND x.lease_expires_at > now()
            ) r
            CROSS JOIN LATERAL (
                SELECT coalesce(sum(m.attempts), 0) AS n FROM {{QuotaCounters.Attempts}} m
                WHERE m.owner_id = o.owner_id AND m.minute = date_trunc('minute', now())
            ) u
            CROSS JOIN LATERAL (
                SELECT e.id, e.due_at,
                       CASE WHEN r.n + u.n + @limit > coalesce(us.attempts_per_host_per_minute_limit, @host_quota)
                            THEN {{QuotaCounters.UrlHost}}((SELECT w.url FROM webhooks w WHERE w.id = e.webhook_id)) END AS host
                FROM execution_queue e
                WHERE e.lease_owner IS NULL AND e.owner_id = o.owner_id AND e.due_at <= now()
                ORDER BY e.due_at, e.id
                LIMIT greatest(least(@per_owner - r.n, @limit), 0)
                FOR UPDATE SKIP LOCKED
            ) d
            WHERE o.owner_id IS NOT NULL
        ), claimable AS (
            SELECT f.id, (f.used + f.turn > f.owner_quota OR coalesce(f.host_used + f.host_turn > f.host_quota, false)) AS over_quota,
                   f.owner_disabled
            FROM fair f
            WHERE f.owner_disabled
               OR (f.used + f.turn <= f.owner_quota AND coalesce(f.host_used + f.host_turn <= f.host_quota, true))
               OR f.due_at < now() - @max_quota_delay
            ORDER BY f.turn, f.due_at, f.id
            LIMIT @limit
        )
        -- By primary key from an array, not a join: a join is planned from statistics that lag behind a burst.
        -- The timeout is returned with the claim (same statement, same snapshot) and the request uses it: read
        -- again later, after an edit, a longer timeout would outlast the lease and the attempt be sent twice.
        UPDATE execution_queue e
        SET lease_owner = @node,
            lease_expires_at = now() + make_interval(secs =>
                coalesce((SELECT w.timeout_seconds FROM webhooks w WHERE w.id = e.webhook_id), 0) + @margin_seconds)
        WHERE e.id = ANY (ARRAY(SELECT id FROM claimable))
        RETURNING e.id, e.webhook_id, e.owner_id, e.attempt_number, e.trigger, e.scheduled_for, e.due_at, e.lease_expires_at,
                  coalesce((SELECT w.timeout_seconds FROM webhooks w WHERE w.id = e.webhook_id), 0),
                  e.id = ANY (ARRAY(SELECT id FROM claimable WHERE over_quota)),
                  e.id = ANY (ARRAY(SELECT id FROM claimable WHERE owner_disabled))
        """;

    /// <summary>Claims up to <paramref name="limit"/> due attempts for <paramref name="node"/>; committed on return.</summary>
    public async Task<IReadOnlyList<ClaimedAttempt>> ClaimAsync(string node, int limit, int perOwner, TimeSpan leaseMargin, CancellationToken cancellationToken)
    {
        // The claim skips locked rows, yet may still queue behind a table lock: bounded like every hot statement.
        var claim = new NpgsqlBatchCommand(ClaimSql);
        claim.Parameters.AddWithValue("node", node);
        claim.Parameters.AddWithValue("limit", limit);
        claim.Parameters.AddWithValue("per_owner", (long)perOwner);
        claim.Parameters.AddWithValue("margin_seconds", leaseMargin.TotalSeconds);
        claim.Parameters.AddWithValue("owner_quota", (long)quotas.Value.AttemptsPerOwnerPerMinute);
        claim.Parameters.AddWithValue("host_quota", (long)quotas.Value.AttemptsPerHostPerMinute);
        claim.Parameters.AddWithValue("max_quota_delay", quotas.Value.MaxQuotaDelay);
        await using var batch = dataSource.CreateBatch();
        // One generic plan per connection, index scans only: made on an empty queue it still runs a 20,000-row one as fast as
        // a plan made for it, and planning each claim cost ~0.7 ms (docs/PERFORMANCE.md, round 11). The batch is its own
        // transaction, so the setting ends with it.
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            $"{SessionLimits.BoundLockWaitsWithoutJitSql}, {SessionLimits.KeyedGenericPlanSql}, {SessionLimits.NoBitmapScansSql}"));
        batch.BatchCommands.Add(claim);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var claimed = new List<ClaimedAttempt>();
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(new ClaimedAttempt(
                reader.GetGuid(0),
                reader.GetGuid(1),
                reader.GetGuid(2),
                reader.GetInt32(3),
                Enum.Parse<ExecutionTrigger>(reader.GetString(4)),
                reader.GetFieldValue<DateTimeOffset>(5),
                reader.GetFieldValue<DateTimeOffset>(6),
                reader.GetDateTime(7),
                TimeSpan.FromSeconds(reader.GetInt32(8)),
                reader.GetBoolean(9),
                reader.GetBoolean(10)));
        }
        return claimed;
    }

    /// <summary>
    /// Puts attempts whose lease ran out (their node died or froze) back in the queue; they keep their
    /// due time, so they are claimed first. Returns the nodes that lost them, for the log.
    /// </summary>
    public async Task<IReadOnlyList<(Guid Id, string? Node)>> RequeueExpiredAsync(CancellationToken cancellationToken)
    {
        // By primary key from an array, like the claim: a join is planned from statistics that lag behind a burst.
        await using var command = dataSource.CreateCommand("""
            WITH old AS MATERIALIZED (
                SELECT id, lease_owner FROM execution_queue
                WHERE lease_owner IS NOT NULL AND lease_expires_at < now()
                FOR UPDATE SKIP LOCKED
            ), requeued AS (
                UPDATE execution_queue SET lease_owner = NULL, lease_expires_at = NULL
                WHERE id = ANY (ARRAY(SELECT id FROM old))
                RETURNING id
            )
            SELECT old.id, old.lease_owner FROM old JOIN requeued USING (id)
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var requeued = new List<(Guid, string?)>();
        while (await reader.ReadAsync(cancellationToken))
            requeued.Add((reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
        return requeued;
    }

    /// <summary>
    /// After a look that began <paramref name="lookBegan"/> ago: when the next work is (see <see cref="NextWork"/>) and
    /// whether due attempts were left behind. "Until" is zero or less while an attempt that became due within the last
    /// second is pending: a claim made a moment before it was due (a timer firing a hair early against the database's
    /// clock) found nothing, and without this the loop would sleep until the next notification.
    /// </summary>
    public async Task<NextWork> NextWorkAsync(TimeSpan lookBegan, CancellationToken cancellationToken)
    {
        // The leases are looked at only when nothing is due within a second (CASE runs only the branch it takes): no
        // index is led by their expiry, and in a steady flow that half cost a millisecond on every look.
        await using var command = dataSource.CreateCommand("""
            WITH next AS (
                SELECT min(due_at) AS due FROM execution_queue WHERE lease_owner IS NULL AND due_at > now() - interval '1 second')
            SELECT CASE WHEN next.due < now() + interval '1 second' THEN next.due
                        ELSE least(next.due, (SELECT min(lease_expires_at) FROM execution_queue WHERE lease_owner IS NOT NULL)) END - now(),
                   EXISTS (SELECT 1 FROM execution_queue WHERE lease_owner IS NULL AND due_at <= now() - $1)
            FROM next
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = lookBegan });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new NextWork(reader.IsDBNull(0) ? null : reader.GetFieldValue<TimeSpan>(0), reader.GetBoolean(1));
    }

    /// <summary>Gives an unfinished attempt back to the queue (shutdown); it will be sent again, with the same webhook-id.</summary>
    public async Task<bool> ReleaseAsync(string node, ClaimedAttempt claim, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE execution_queue SET lease_owner = NULL, lease_expires_at = NULL
            WHERE id = @id AND lease_owner = @node AND lease_expires_at = @lease
            """);
        command.Parameters.AddWithValue("id", claim.Id);
        command.Parameters.AddWithValue("node", node);
        command.Parameters.AddWithValue("lease", NpgsqlDbType.TimestampTz, claim.LeaseExpiresAt);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

}
