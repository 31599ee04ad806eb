BEGIN;
ALTER TABLE executions DISABLE TRIGGER executions_count_inserted;
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
CREATE TEMP TABLE p ON COMMIT DROP AS SELECT
 array_agg(id ORDER BY id) ids, array_agg(DISTINCT webhook_id) webhook_ids, array_agg(lease_expires_at ORDER BY id) leases,
 array_agg('Success'::varchar ORDER BY id) statuses, array_agg(now() ORDER BY id) executed_at, array_agg(3 ORDER BY id) duration_ms,
 array_agg(200 ORDER BY id) response_code, array_agg('ok'::text ORDER BY id) response_body, array_agg(false ORDER BY id) response_truncated,
 array_agg(NULL::varchar ORDER BY id) error_kind, array_agg(NULL::varchar ORDER BY id) error_message, array_agg('POST'::text ORDER BY id) request_method,
 array_agg('http://127.0.0.1:5000/w/1'::text ORDER BY id) request_url, array_agg('{}'::text ORDER BY id) request_headers, array_agg(NULL::text ORDER BY id) request_body,
 array_agg(gen_random_uuid() ORDER BY id) retry_ids, array_agg(NULL::interval ORDER BY id) retry_delays, array_agg(true ORDER BY id) resets,
 array_agg(scheduled_for ORDER BY id) scheduled_for
 FROM execution_queue WHERE lease_owner = 'n1';

        WITH input AS (
            SELECT * FROM unnest((SELECT ids FROM p), (SELECT leases FROM p), (SELECT statuses FROM p), (SELECT executed_at FROM p), (SELECT duration_ms FROM p), (SELECT response_code FROM p), (SELECT response_body FROM p),
                                 (SELECT response_truncated FROM p), (SELECT error_kind FROM p), (SELECT error_message FROM p), (SELECT request_method FROM p), (SELECT request_url FROM p),
                                 (SELECT request_headers FROM p), (SELECT request_body FROM p), (SELECT retry_ids FROM p), (SELECT retry_delays FROM p), (SELECT resets FROM p)) WITH ORDINALITY
                AS i(id, lease, status, executed_at, duration_ms, response_code, response_body, response_truncated, error_kind,
                     error_message, request_method, request_url, request_headers, request_body, retry_id, retry_delay, resets, n)
        ), done AS (
            DELETE FROM execution_queue q
            USING input i
            WHERE q.id = ANY ((SELECT ids FROM p)::uuid[]) AND q.id = i.id AND q.lease_owner = 'n1' AND q.lease_expires_at = i.lease
            RETURNING q.id, q.webhook_id, q.owner_id, q.scheduled_for, q.attempt_number, q.trigger, q.due_at, q.created_at
        ), budget AS (
            SELECT o.owner_id,
                   coalesce((SELECT sum(b.bytes) FROM owner_body_bytes_days b
                             WHERE b.owner_id = o.owner_id AND b.day = (now() AT TIME ZONE 'UTC')::date), 0) >= 1000000000000 AS spent
            FROM (SELECT DISTINCT owner_id FROM done) o
        ), history AS (
            INSERT INTO executions (id, webhook_id, owner_id, status, attempt_number, trigger, scheduled_for, due_at, executed_at,
                                    duration_ms, response_code, response_body, response_truncated, error_kind, error_message,
                                    lease_owner, created_at, finished_at, request_method, request_url, request_headers, request_body)
            SELECT d.id, d.webhook_id, d.owner_id, i.status, d.attempt_number, d.trigger, d.scheduled_for, d.due_at, i.executed_at,
                   i.duration_ms, i.response_code,
                   CASE WHEN bu.spent THEN left(i.response_body, 1024) ELSE i.response_body END,
                   i.response_truncated OR (bu.spent AND coalesce(length(i.response_body), 0) > 1024),
                   i.error_kind, i.error_message,
                   'n1', d.created_at, now(), i.request_method, i.request_url, i.request_headers::jsonb, i.request_body
            FROM done d JOIN input i ON i.id = d.id JOIN budget bu ON bu.owner_id = d.owner_id
            ON CONFLICT DO NOTHING
        ), body_counted AS (
            INSERT INTO owner_body_bytes_days AS c (owner_id, day, node, bytes)
            SELECT d.owner_id, (now() AT TIME ZONE 'UTC')::date, 'n1',
                   sum(octet_length(CASE WHEN bu.spent THEN left(i.response_body, 1024) ELSE i.response_body END))
            FROM done d JOIN input i ON i.id = d.id JOIN budget bu ON bu.owner_id = d.owner_id
            WHERE i.response_body IS NOT NULL
            GROUP BY d.owner_id
            ORDER BY d.owner_id
            ON CONFLICT (owner_id, day, node) DO UPDATE SET bytes = c.bytes + excluded.bytes
        ), retries AS (
            INSERT INTO execution_queue (id, webhook_id, owner_id, scheduled_for, attempt_number, trigger, due_at, created_at)
            SELECT i.retry_id, d.webhook_id, d.owner_id, d.scheduled_for, d.attempt_number + 1, 'Retry', now() + i.retry_delay, now()
            FROM done d JOIN input i ON i.id = d.id
            WHERE i.retry_delay IS NOT NULL
            ON CONFLICT (webhook_id, scheduled_for, attempt_number) DO NOTHING
        ), counted AS (
            INSERT INTO owner_attempt_minutes AS c (owner_id, minute, node, attempts)
            SELECT d.owner_id, date_trunc('minute', now()), 'n1', count(*)
            FROM done d JOIN input i ON i.id = d.id
            WHERE i.executed_at IS NOT NULL
            GROUP BY d.owner_id
            ORDER BY d.owner_id
            ON CONFLICT (owner_id, minute, node) DO UPDATE SET attempts = c.attempts + excluded.attempts
        ), host_counted AS (
            INSERT INTO owner_host_attempt_minutes AS c (owner_id, host, minute, node, attempts)
            SELECT d.owner_id, cronhooks_url_host(i.request_url), date_trunc('minute', now()), 'n1', count(*)
            FROM done d JOIN input i ON i.id = d.id
            WHERE i.executed_at IS NOT NULL AND i.request_url IS NOT NULL
            GROUP BY 1, 2
            ORDER BY 1, 2
            ON CONFLICT (owner_id, host, minute, node) DO UPDATE SET attempts = c.attempts + excluded.attempts
        ), touched AS (
            SELECT d.webhook_id, max(i.executed_at) AS executed_at,
                   (array_agg(d.id ORDER BY i.executed_at DESC NULLS LAST) FILTER (WHERE i.resets))[1] AS success_id,
                   (array_agg(d.id ORDER BY i.n DESC))[1] AS last_id
            FROM done d JOIN input i ON i.id = d.id
            GROUP BY d.webhook_id
        ), last AS (
            SELECT t.webhook_id, t.executed_at, t.success_id, t.last_id, i.status, i.response_code, i.error_kind
            FROM touched t JOIN input i ON i.id = t.last_id
        ), locked AS (
            SELECT s.webhook_id, s.last_execution_at, s.failure_streak, s.failure_streak_started_by, s.failing_alert_raised
            FROM webhook_delivery_state s
            WHERE s.webhook_id = ANY ((SELECT webhook_ids FROM p)::uuid[])
            ORDER BY s.webhook_id
            FOR NO KEY UPDATE
        ), updated AS (
            UPDATE webhook_delivery_state s
            SET last_execution_at = greatest(s.last_execution_at, t.executed_at),
                failure_streak = CASE WHEN t.success_id IS NULL THEN s.failure_streak ELSE 0 END,
                failure_streak_started_by = CASE WHEN t.success_id IS NULL THEN s.failure_streak_started_by END,
                failing_alert_raised = CASE WHEN t.success_id IS NULL THEN s.failing_alert_raised ELSE false END,
                last_outcome_id = t.last_id, last_outcome_status = t.status, last_outcome_response_code = t.response_code,
                last_outcome_error_kind = t.error_kind, last_outcome_finished_at = now()
            FROM locked l JOIN last t ON t.webhook_id = l.webhook_id
            WHERE s.webhook_id = l.webhook_id
        ), created AS (
            INSERT INTO webhook_delivery_state (webhook_id, last_execution_at, failure_streak, failing_alert_raised, last_outcome_id,
                                                last_outcome_status, last_outcome_response_code, last_outcome_error_kind, last_outcome_finished_at)
            SELECT t.webhook_id, t.executed_at, 0, false, t.last_id, t.status, t.response_code, t.error_kind, now()
            FROM last t
            WHERE NOT EXISTS (SELECT 1 FROM locked l WHERE l.webhook_id = t.webhook_id)
              AND EXISTS (SELECT 1 FROM webhooks w WHERE w.id = t.webhook_id)
            ORDER BY t.webhook_id
            ON CONFLICT (webhook_id) DO NOTHING
        ), recovered AS (
            INSERT INTO alerts (id, webhook_id, owner_id, kind, event_key, status, execution_id, scheduled_for, attempt_number,
                                error_kind, response_code, consecutive_failures, occurred_at, created_at, due_at, attempts)
            SELECT gen_random_uuid(), l.webhook_id, d.owner_id, 'webhook.recovered', l.failure_streak_started_by, '{{nameof(AlertStatus.Pending)}}', d.id,
                   d.scheduled_for, d.attempt_number, i.error_kind, i.response_code, l.failure_streak,
                   coalesce(i.executed_at, now()), now(), now(), 0
            FROM locked l JOIN touched t ON t.webhook_id = l.webhook_id JOIN done d ON d.id = t.success_id JOIN input i ON i.id = d.id
            WHERE l.failure_streak > 0 AND l.failing_alert_raised
              AND EXISTS (SELECT 1 FROM webhooks w WHERE w.id = l.webhook_id AND w.alert_url IS NOT NULL)
            ON CONFLICT (webhook_id, kind, event_key) DO NOTHING
            RETURNING 1
        )
        SELECT d.id, (SELECT count(*) FROM recovered) FROM done d;
ROLLBACK;
