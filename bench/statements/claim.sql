BEGIN;
SET LOCAL jit=off;
        WITH RECURSIVE owners AS (
            (SELECT owner_id FROM execution_queue
             WHERE lease_owner IS NULL AND due_at <= now() ORDER BY owner_id LIMIT 1)
            UNION ALL
            SELECT (SELECT e.owner_id FROM execution_queue e
                    WHERE e.lease_owner IS NULL AND e.due_at <= now() AND e.owner_id > o.owner_id
                    ORDER BY e.owner_id LIMIT 1)
            FROM owners o WHERE o.owner_id IS NOT NULL
        ), running AS (
            SELECT owner_id, count(*) AS n FROM execution_queue
            WHERE lease_owner IS NOT NULL AND lease_expires_at > now()
            GROUP BY owner_id
        ), fair AS (
            SELECT d.id, d.due_at, o.owner_id, d.host,
                   row_number() OVER (PARTITION BY o.owner_id ORDER BY d.due_at, d.id) AS turn,
                   row_number() OVER (PARTITION BY o.owner_id, d.host ORDER BY d.due_at, d.id) AS host_turn,
                   coalesce(r.n, 0) + u.n AS used,
                   CASE WHEN d.host IS NOT NULL THEN (
                       SELECT coalesce(sum(m.attempts), 0) FROM owner_host_attempt_minutes m
                       WHERE m.owner_id = o.owner_id AND m.host = d.host AND m.minute = date_trunc('minute', now())) END AS host_used
            FROM owners o
            LEFT JOIN running r ON r.owner_id = o.owner_id
            CROSS JOIN LATERAL (
                SELECT coalesce(sum(m.attempts), 0) AS n FROM owner_attempt_minutes m
                WHERE m.owner_id = o.owner_id AND m.minute = date_trunc('minute', now())
            ) u
            CROSS JOIN LATERAL (
                SELECT e.id, e.due_at,
                       CASE WHEN coalesce(r.n, 0) + u.n + 64 > 1000000000
                            THEN cronhooks_url_host((SELECT w.url FROM webhooks w WHERE w.id = e.webhook_id)) END AS host
                FROM execution_queue e
                WHERE e.lease_owner IS NULL AND e.owner_id = o.owner_id AND e.due_at <= now()
                ORDER BY e.due_at, e.id
                LIMIT greatest(least(96 - coalesce(r.n, 0), 64), 0)
                FOR UPDATE SKIP LOCKED
            ) d
            WHERE o.owner_id IS NOT NULL
        ), claimable AS (
            SELECT f.id, (f.used + f.turn > 1000000000 OR coalesce(f.host_used + f.host_turn > 1000000000, false)) AS over_quota
            FROM fair f
            WHERE (f.used + f.turn <= 1000000000 AND coalesce(f.host_used + f.host_turn <= 1000000000, true))
               OR f.due_at < now() - interval '10 minutes'
            ORDER BY f.turn, f.due_at, f.id
            LIMIT 64
        )
        UPDATE execution_queue e
        SET lease_owner = 'n1',
            lease_expires_at = now() + make_interval(secs =>
                coalesce((SELECT w.timeout_seconds FROM webhooks w WHERE w.id = e.webhook_id), 0) + 5)
        WHERE e.id = ANY (ARRAY(SELECT id FROM claimable))
        RETURNING e.id, e.webhook_id, e.owner_id, e.attempt_number, e.trigger, e.scheduled_for, e.due_at, e.lease_expires_at,
                  coalesce((SELECT w.timeout_seconds FROM webhooks w WHERE w.id = e.webhook_id), 0),
                  e.id = ANY (ARRAY(SELECT id FROM claimable WHERE over_quota));
ROLLBACK;
