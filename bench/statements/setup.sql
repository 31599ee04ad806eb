-- One owner, 20,000 one-time webhooks and 20,000 due queue rows, on a database migrated with `CronHooks.Api.dll migrate`.
INSERT INTO users (id, username, email, password_hash, created_at, password_changed_at)
VALUES ('00000000-0000-0000-0000-000000000001', 'bench', 'b@x', 'x', now(), now());
INSERT INTO webhooks (id, owner_id, name, url, http_method, headers, schedule_type, scheduled_at, time_zone, missed_run_policy, is_active,
                      max_retries, retry_delay_seconds, timeout_seconds, signing_secret, created_at, updated_at, schedule_key)
SELECT gen_random_uuid(), '00000000-0000-0000-0000-000000000001', 'w' || i, 'http://127.0.0.1:5000/w/' || i, 'POST', '{}', 'Once', now(), 'UTC',
       'RunOnce', true, 0, 10, 10, 'x', now(), now(), 'k' || i
FROM generate_series(1, 20000) i;
INSERT INTO execution_queue (id, webhook_id, owner_id, scheduled_for, attempt_number, trigger, due_at, created_at)
SELECT gen_random_uuid(), id, owner_id, now(), 1, 'Schedule', now() - interval '1 second', now() FROM webhooks;
ANALYZE;
